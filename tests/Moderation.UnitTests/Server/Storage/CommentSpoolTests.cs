using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moderation.Server.Storage;

namespace Moderation.UnitTests.Server.Storage;

public sealed class CommentSpoolTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "spool-test-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task ConcurrentAppends_AreAllReadBack_InOneSegment()
    {
        await using var spool = Open();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => spool.AppendAsync(Entry(i))));

        Assert.Equal(200, spool.Count);
        var segment = Assert.Single(spool.Seal());
        var read = spool.Read(segment);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => "site-" + (i % 3)).Order(), read.Select(e => e.SiteId).Order());
        Assert.All(read, e => Assert.Equal(2, e.AnnouncedStatus));
    }

    [Fact]
    public async Task ANewProcess_FindsWhatTheLastOneSpooled_AndDropsATornLastEntry()
    {
        await using (var first = Open())
        {
            await first.AppendAsync(Entry(1));
            await first.AppendAsync(Entry(2));
        }
        var file = Assert.Single(Directory.GetFiles(_directory));
        // A crash in the middle of a write leaves part of an entry, which was never acknowledged.
        var torn = CommentSpool.Encode(Entry(3));
        await File.AppendAllBytesAsync(file, torn.AsMemory(0, torn.Length / 2).ToArray());

        await using var second = Open();

        Assert.Equal(2, second.Count);
        var entries = second.Read(Assert.Single(second.Seal()));
        Assert.Equal(["c-1", "c-2"], entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Submission)));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_000), second.Oldest);
    }

    [Fact]
    public void AnEntryWithAFlippedBit_IsNotRead()
    {
        var frame = CommentSpool.Encode(Entry(7));
        frame[^1] ^= 0x01;
        var offset = 0;

        Assert.False(CommentSpool.TryDecode(frame, ref offset, out _));
        Assert.Equal(0, offset);
    }

    [Fact]
    public async Task PastItsBound_AnAppendIsRefused_AndDeletingReplayedSegmentsMakesRoom()
    {
        await using var spool = Open(maxBytes: 64 * 1024);
        var big = new SpooledComment("site-1", DateTimeOffset.UnixEpoch, 2, new byte[20_000]);
        for (var i = 0; i < 3; i++)
        {
            await spool.AppendAsync(big);
        }

        // Refused before anything is written, so the caller can answer at once.
        Assert.Throws<SpoolFullException>(() => { _ = spool.AppendAsync(big); });

        var segment = Assert.Single(spool.Seal());
        foreach (var entry in spool.Read(segment))
        {
            spool.Replayed(segment, entry.SubmittedAt);
        }
        spool.Delete(segment);
        Assert.Equal(0, spool.Count);
        Assert.Equal(0, spool.Bytes);
        Assert.Null(spool.Oldest);
        await spool.AppendAsync(big);
        Assert.Equal(1, spool.Count);
    }

    [Fact]
    public async Task AppendsAfterASeal_GoToANewSegment()
    {
        await using var spool = Open();
        await spool.AppendAsync(Entry(1));
        var sealedOnes = spool.Seal();

        await spool.AppendAsync(Entry(2));

        Assert.Single(sealedOnes);
        var all = spool.Seal();
        Assert.Equal(2, all.Count);
        Assert.Equal(sealedOnes[0], all[0]);
        Assert.Equal("c-2", System.Text.Encoding.UTF8.GetString(Assert.Single(spool.Read(all[1])).Submission));
    }

    [Fact]
    public void AnEntry_KeepsTheIntakesAnswer_AndAnEntryOfTheFirstFormat_IsStillRead()
    {
        var withAnswer = Entry(4) with { Answer = [1, 2, 3] };
        var offset = 0;

        Assert.True(CommentSpool.TryDecode(CommentSpool.Encode(withAnswer), ref offset, out var read));
        Assert.Equal(withAnswer.Submission, read.Submission);
        Assert.Equal(withAnswer.Answer, read.Answer);

        // Format 1, as a spool written before the answer was kept: no submission length, no answer.
        var site = "site-1"u8.ToArray();
        byte[] payload = [1, 2, 0, (byte)site.Length, .. site, 0, 0, 0, 0, 0, 0, 0x13, 0x88, .. "c-5"u8.ToArray()];
        var frame = new byte[8 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), System.IO.Hashing.Crc32.HashToUInt32(payload));
        payload.CopyTo(frame, 8);
        offset = 0;

        Assert.True(CommentSpool.TryDecode(frame, ref offset, out var old));
        Assert.Equal(("site-1", 2, 5_000L, "c-5"), (old.SiteId, old.AnnouncedStatus, old.SubmittedAt.ToUnixTimeMilliseconds(), System.Text.Encoding.UTF8.GetString(old.Submission)));
        Assert.Empty(old.Answer);
        Assert.Equal(frame.Length, offset);
    }

    [Fact]
    public async Task AWholeEntryOfAnUnknownFormat_IsNotTakenForATornOne_AndItsSegmentIsKept()
    {
        byte[] payload = [9, 2, 0, 1, (byte)'s', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0];
        var frame = new byte[8 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), System.IO.Hashing.Crc32.HashToUInt32(payload));
        payload.CopyTo(frame, 8);
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "000000000000001-0000001-000001.spool2");
        await File.WriteAllBytesAsync(file, frame);

        await using var spool = Open();

        var segment = Assert.Single(spool.Seal());
        Assert.Throws<InvalidDataException>(() => spool.Read(segment));
        Assert.True(File.Exists(file));
    }

    private CommentSpool Open(long maxBytes = 1024 * 1024) =>
        new(Options.Create(new SpoolOptions { Directory = _directory, MaxBytes = maxBytes }), TimeProvider.System, NullLogger<CommentSpool>.Instance);

    private static SpooledComment Entry(int i) =>
        new("site-" + (i % 3), DateTimeOffset.FromUnixTimeMilliseconds(i * 1_000L), 2, System.Text.Encoding.UTF8.GetBytes("c-" + i));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
