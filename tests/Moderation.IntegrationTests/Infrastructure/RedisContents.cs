using System.Text;
using StackExchange.Redis;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>Everything Redis holds, key by key: the key's name and every byte of its value, whatever its type.</summary>
public static class RedisContents
{
    public static async Task<List<(string Key, byte[] Bytes)>> ReadAllAsync(ServiceFixture fixture)
    {
        var all = new List<(string, byte[])>();
        await foreach (var key in fixture.RedisServer.KeysAsync(pattern: "*", pageSize: 1000))
        {
            var parts = new List<byte[]> { Encoding.UTF8.GetBytes(key.ToString()) };
            var db = fixture.Db;
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    parts.Add((byte[]?)await db.StringGetAsync(key) ?? []);
                    break;
                case RedisType.Hash:
                    parts.AddRange((await db.HashGetAllAsync(key)).SelectMany(e => new[] { (byte[])e.Name!, (byte[]?)e.Value ?? [] }));
                    break;
                case RedisType.List:
                    parts.AddRange((await db.ListRangeAsync(key)).Select(v => (byte[])v!));
                    break;
                case RedisType.Set:
                    parts.AddRange((await db.SetMembersAsync(key)).Select(v => (byte[])v!));
                    break;
                case RedisType.SortedSet:
                    parts.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => (byte[])v!));
                    break;
                case RedisType.Stream:
                    parts.AddRange((await db.StreamRangeAsync(key)).SelectMany(e => e.Values.SelectMany(v => new[] { (byte[])v.Name!, (byte[]?)v.Value ?? [] })));
                    break;
            }
            all.Add((key.ToString(), [.. parts.SelectMany(p => p.Append((byte)0))]));
        }
        return all;
    }

    /// <summary>The keys whose name or value holds the text (as UTF-8), ignoring ASCII case.</summary>
    public static List<string> KeysHolding(this List<(string Key, byte[] Bytes)> contents, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text.ToLowerInvariant());
        return [.. contents.Where(c => Lower(c.Bytes).AsSpan().IndexOf(needle) >= 0).Select(c => c.Key)];
    }

    private static byte[] Lower(byte[] bytes) => [.. bytes.Select(b => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b)];
}
