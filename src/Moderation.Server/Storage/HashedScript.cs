using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// A script with named parameters (<c>@record</c>) called by its SHA-1. Called as a <see cref="LuaScript"/>,
/// even a loaded one, the client looks the script up by its whole text on every call and hashes the text each
/// time (~2% of a submission's CPU for the 4 KB submit script). After a Redis restart or a SCRIPT FLUSH the
/// server answers NOSCRIPT, which means the script did not run; that call goes out as text, which loads it again.
/// Only the submit script, run for every comment, goes this way; the moderation, site and webhook scripts run
/// far less often and stay <see cref="LuaScript"/>s with their argument classes.
/// </summary>
internal sealed partial class HashedScript
{
    private readonly FrozenDictionary<string, int> _keys;
    private readonly FrozenDictionary<string, int> _arguments;

    /// <param name="source">Lua whose parameters are written <c>@name</c>.</param>
    /// <param name="keys">The parameters that are key names, passed as KEYS so that a cluster can route the call.</param>
    /// <param name="arguments">The other parameters, passed as ARGV.</param>
    public HashedScript(string source, IReadOnlyList<string> keys, IReadOnlyList<string> arguments)
    {
        _keys = keys.Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i);
        _arguments = arguments.Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i);
        var used = new HashSet<string>();
        Text = Parameter().Replace(source, match =>
        {
            var name = match.Groups[1].Value;
            used.Add(name);
            return _keys.TryGetValue(name, out var k) ? $"KEYS[{k + 1}]"
                : _arguments.TryGetValue(name, out var a) ? $"ARGV[{a + 1}]"
                : throw new ArgumentException($"@{name} is neither a key nor an argument of the script.", nameof(source));
        });
        if (keys.Concat(arguments).FirstOrDefault(name => !used.Contains(name)) is { } unused)
        {
            throw new ArgumentException($"The script never uses @{unused}.", nameof(source));
        }
#pragma warning disable CA5350 // SHA-1 is how Redis names a script, not a safeguard.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
#pragma warning restore CA5350
    }

    /// <summary>The Lua as Redis runs it, with KEYS and ARGV in place of the names.</summary>
    public string Text { get; }

    public byte[] Sha1 { get; }

    /// <summary>A call's parameters, set by name; every key must be set, an argument left unset goes out empty.</summary>
    public Parameters NewCall() => new(this);

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, Parameters call)
    {
        try
        {
            return await db.ScriptEvaluateAsync(Sha1, call.Keys, call.Arguments).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, call.Keys, call.Arguments).ConfigureAwait(false);
        }
    }

    public sealed class Parameters
    {
        private readonly HashedScript _script;

        internal Parameters(HashedScript script)
        {
            _script = script;
            Keys = new RedisKey[script._keys.Count];
            Arguments = new RedisValue[script._arguments.Count];
            Arguments.AsSpan().Fill(RedisValue.EmptyString);
        }

        public RedisKey[] Keys { get; }

        public RedisValue[] Arguments { get; }

        public Parameters Key(string name, RedisKey key)
        {
            Keys[_script._keys[name]] = key;
            return this;
        }

        public Parameters Arg(string name, RedisValue value)
        {
            Arguments[_script._arguments[name]] = value;
            return this;
        }
    }

    [GeneratedRegex(@"@([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex Parameter();
}
