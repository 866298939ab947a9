using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// A Lua script of <c>Storage/Scripts/</c>, called by its SHA-1. The script's header names its KEYS and ARGV in
/// order; Redis runs the script after the shared codes (<see cref="LuaCodes"/>), the shared functions
/// (<c>shared.lua</c>) and a local for each name, so the Lua reads <c>record</c> where Redis passes <c>KEYS[1]</c>.
/// Called by text, even a loaded script is looked up by its whole text and hashed on every call (~2% of a
/// submission's CPU for the submit script). After a Redis restart or a SCRIPT FLUSH the server answers NOSCRIPT,
/// which means the script did not run; that call goes out as text, which loads it again.
/// </summary>
public sealed partial class RedisScript
{
    private static readonly FrozenSet<string> LuaKeywords = FrozenSet.Create(StringComparer.Ordinal,
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local", "nil", "not", "or",
        "repeat", "return", "then", "true", "until", "while", "KEYS", "ARGV", "redis", "cjson", "cmsgpack", "bit", "struct", "string", "table",
        "math", "tonumber", "tostring", "unpack", "ipairs", "pairs", "next", "select", "type", "error", "pcall", "assert", "indexScore");

    private readonly FrozenDictionary<string, int> _keys;
    private readonly FrozenDictionary<string, int> _arguments;
    private readonly RedisScript? _batch;

    private RedisScript(string name, IReadOnlyList<string> keys, IReadOnlyList<string> arguments, string text, string? batchText = null)
    {
        Name = name;
        KeyNames = keys;
        ArgumentNames = arguments;
        _keys = keys.Select((n, i) => (n, i)).ToFrozenDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        _arguments = arguments.Select((n, i) => (n, i)).ToFrozenDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        Text = text;
#pragma warning disable CA5350 // SHA-1 is how Redis names a script, not a safeguard.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        _batch = batchText is null ? null : new RedisScript(name + " (batch)", keys, arguments, batchText);
    }

    public string Name { get; }

    public IReadOnlyList<string> KeyNames { get; }

    public IReadOnlyList<string> ArgumentNames { get; }

    /// <summary>The Lua as Redis runs it.</summary>
    public string Text { get; }

    /// <summary>The Lua of <see cref="EvaluateManyAsync"/>; null for a script without arguments.</summary>
    internal string? BatchText => _batch?.Text;

    public byte[] Sha1 { get; }

    /// <summary>Loads <c>Scripts/{name}.lua</c>; <paramref name="results"/> is the enum whose codes the script returns.</summary>
    public static RedisScript Load(string name, Type? results = null) => FromSource(name, Resource(name + ".lua"), results);

    internal static RedisScript FromSource(string name, string source, Type? results)
    {
        // A checkout with CRLF line endings runs, and is hashed, as the same script.
        source = source.ReplaceLineEndings("\n");
        var (keys, arguments) = Header(name, source);
        var head = LuaCodes.Prelude(results) + Resource("shared.lua").ReplaceLineEndings("\n");
        var locals = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            locals.Append("local ").Append(keys[i]).Append(" = KEYS[").Append(i + 1).Append("]\n");
        }
        for (var i = 0; i < arguments.Count; i++)
        {
            locals.Append("local ").Append(arguments[i]).Append(" = ARGV[").Append(i + 1).Append("]\n");
        }
        // The batch form runs the same body once per call, as a function whose KEYS and ARGV are that call's slice.
        var batch = new StringBuilder(head)
            .Append("local function one(KEYS, ARGV)\n").Append(locals).Append(source).Append("\nend\n")
            .Append("local results = {}\n")
            .Append("for i = 0, #ARGV / ").Append(arguments.Count).Append(" - 1 do\n")
            .Append("  results[i + 1] = one({unpack(KEYS, i * ").Append(keys.Count).Append(" + 1, (i + 1) * ").Append(keys.Count).Append(")}, ")
            .Append("{unpack(ARGV, i * ").Append(arguments.Count).Append(" + 1, (i + 1) * ").Append(arguments.Count).Append(")})\n")
            .Append("end\nreturn results\n");
        return new RedisScript(name, keys, arguments, head + locals + source, arguments.Count > 0 ? batch.ToString() : null);
    }

    /// <summary>A call's parameters, set by name; every key must be set, an argument left unset goes out empty.</summary>
    public Parameters NewCall() => new(this);

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, Parameters call)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            RedisResult result;
            try
            {
                result = await db.ScriptEvaluateAsync(Sha1, call.Keys, call.Arguments).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                result = await db.ScriptEvaluateAsync(Text, call.Keys, call.Arguments).ConfigureAwait(false);
            }
            failed = false;
            return result;
        }
        finally
        {
            StorageTelemetry.Record(Name, started, failed);
        }
    }

    /// <summary>
    /// Runs the script once per call in one round trip, in order, and answers each call's result. The calls' keys
    /// must share a hash slot (one site's), as one script's keys do in a cluster.
    /// </summary>
    public async Task<RedisResult[]> EvaluateManyAsync(IDatabaseAsync db, IReadOnlyList<Parameters> calls)
    {
        if (_batch is null)
        {
            throw new InvalidOperationException($"{Name}.lua takes no arguments, so its calls cannot be told apart in a batch.");
        }
        var keys = new RedisKey[calls.Count * _keys.Count];
        var arguments = new RedisValue[calls.Count * _arguments.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            calls[i].Keys.CopyTo(keys, i * _keys.Count);
            calls[i].Arguments.CopyTo(arguments, i * _arguments.Count);
        }
        var results = (RedisResult[])(await _batch.EvaluateAsync(db, new Parameters(_batch, keys, arguments)).ConfigureAwait(false))!;
        return results.Length == calls.Count
            ? results
            : throw new InvalidOperationException($"{Name}.lua answered {results.Length} results for {calls.Count} calls.");
    }

    private static string Resource(string file)
    {
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream("Moderation.Server.Storage.Scripts." + file)
            ?? throw new InvalidOperationException($"No script Storage/Scripts/{file} is embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // The header is the script's leading comment; its "-- KEYS" and "-- ARGV" sections list one name per line.
    private static (List<string> Keys, List<string> Arguments) Header(string name, string source)
    {
        var keys = new List<string>();
        var arguments = new List<string>();
        List<string>? section = null;
        foreach (var line in source.Split('\n'))
        {
            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }
            var text = line[2..].TrimEnd();
            if (text.Trim() is "KEYS" or "ARGV")
            {
                section = text.Trim() == "KEYS" ? keys : arguments;
            }
            else if (section is not null && HeaderEntry().Match(text) is { Success: true } entry)
            {
                section.Add(entry.Groups[1].Value);
            }
            else if (text.Trim().Length == 0)
            {
                section = null;
            }
        }
        // The code without its comments: a name the header lists must be used there, so a line of prose read as a
        // name fails here too.
        var code = Comment().Replace(source, "");
        foreach (var declared in keys.Concat(arguments))
        {
            if (LuaKeywords.Contains(declared) || keys.Concat(arguments).Count(n => n == declared) > 1)
            {
                throw new InvalidOperationException($"{name}.lua: '{declared}' cannot name a key or argument.");
            }
            if (!Regex.IsMatch(code, $@"\b{declared}\b"))
            {
                throw new InvalidOperationException($"{name}.lua never uses {declared}.");
            }
        }
        return (keys, arguments);
    }

    [GeneratedRegex(@"^\s+([A-Za-z][A-Za-z0-9]*)(\s|$)")]
    private static partial Regex HeaderEntry();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    public sealed class Parameters
    {
        private readonly RedisScript _script;

        internal Parameters(RedisScript script, RedisKey[] keys, RedisValue[] arguments)
        {
            _script = script;
            Keys = keys;
            Arguments = arguments;
        }

        internal Parameters(RedisScript script)
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
}
