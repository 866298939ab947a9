using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Moderation.Server.Storage;

/// <summary>
/// Submissions answered while Redis was unreachable, in append-only segment files until they are replayed.
/// <see cref="AppendAsync"/> completes once the entry is written and fsynced; concurrent appends share one fsync
/// (group commit). Each entry is framed as [length][CRC-32][payload], so a write torn by a crash is recognised and
/// dropped on reading: it was never acknowledged. Segments left by a previous process are found at start.
/// The drainer seals the segment being written, replays the sealed ones and deletes each once replayed.
/// </summary>
public sealed partial class CommentSpool : IAsyncDisposable
{
    // Segments of format 2 get their own extension, so a build that knows only format 1 never lists, replays
    // as empty and deletes them after a rollback; segments of format 1 are still read.
    private const string Extension = ".spool2";
    private const string FirstFormatExtension = ".spool";
    private const int FrameHeader = 8;
    // Segments are closed at this size, so a replay reads a bounded amount at a time and deletes as it goes.
    private const long SegmentBytes = 16L * 1024 * 1024;
    // Payload: version, announced status, site id length (2), site id, arrival in ms (8), submission length (4),
    // submission, the intake's answer. Version 1, without the length and the answer, is still read.
    private const byte Version = 2;
    private const int Fixed = 1 + 1 + 2 + 8 + 4;

    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CommentSpool> _logger;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<Segment> _segments = [];
    private readonly Task _writer;
    private FileStream? _active;
    private Segment? _activeSegment;
    private long _bytes;
    private int _sequence;

    public CommentSpool(IOptions<SpoolOptions> options, TimeProvider time, ILogger<CommentSpool> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        Directory = Path.GetFullPath(_options.Directory);
        if (Enabled)
        {
            System.IO.Directory.CreateDirectory(Directory);
            Recover();
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    public bool Enabled => _options.Enabled;

    public string Directory { get; }

    /// <summary>Entries not yet replayed.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _segments.Sum(s => (long)s.Count);
            }
        }
    }

    /// <summary>Bytes on disk, entries being appended included.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>About when the oldest entry not yet replayed arrived; null when the spool is empty.</summary>
    public DateTimeOffset? Oldest
    {
        get
        {
            lock (_gate)
            {
                return _segments.Where(s => s.Count > 0).Select(s => (DateTimeOffset?)s.Oldest).Min();
            }
        }
    }

    /// <summary>Keeps <paramref name="entry"/> durably; throws <see cref="SpoolFullException"/> past the size bound.</summary>
    public Task AppendAsync(SpooledComment entry)
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("The spool is turned off (Spool:Enabled).");
        }
        var frame = Encode(entry);
        if (Interlocked.Add(ref _bytes, frame.Length) > _options.MaxBytes)
        {
            Interlocked.Add(ref _bytes, -frame.Length);
            throw new SpoolFullException(_options.MaxBytes);
        }
        var pending = new PendingAppend(frame, entry.SubmittedAt, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_appends.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _bytes, -frame.Length);
            throw new ObjectDisposedException(nameof(CommentSpool));
        }
        return pending.Written.Task;
    }

    /// <summary>Closes the segment being written, so new entries go to a new one, and lists every closed segment, oldest first.</summary>
    public IReadOnlyList<string> Seal()
    {
        lock (_gate)
        {
            if (_activeSegment is not null)
            {
                _active!.Dispose();
                _active = null;
                _activeSegment = null;
            }
            return [.. _segments.Select(s => s.Path)];
        }
    }

    /// <summary>
    /// The entries of a closed segment, in the order they were appended; a torn last entry is left out. An entry of
    /// a format this build does not know throws <see cref="InvalidDataException"/>.
    /// </summary>
    public List<SpooledComment> Read(string segment)
    {
        var entries = new List<SpooledComment>();
        var data = File.ReadAllBytes(segment);
        var offset = 0;
        while (TryDecode(data, ref offset, out var entry))
        {
            entries.Add(entry);
        }
        if (offset < data.Length)
        {
            Log.TornTail(_logger, Path.GetFileName(segment), data.Length - offset);
        }
        return entries;
    }

    /// <summary>Records that the entry of <paramref name="segment"/> that arrived at <paramref name="submittedAt"/> was replayed.</summary>
    public void Replayed(string segment, DateTimeOffset submittedAt)
    {
        lock (_gate)
        {
            if (_segments.Find(s => s.Path == segment) is { } found)
            {
                found.Count = Math.Max(0, found.Count - 1);
                found.Oldest = submittedAt;
            }
        }
    }

    /// <summary>Deletes a segment whose every entry was replayed.</summary>
    public void Delete(string segment)
    {
        lock (_gate)
        {
            var found = _segments.Find(s => s.Path == segment);
            if (found is null || ReferenceEquals(found, _activeSegment))
            {
                return;
            }
            File.Delete(segment);
            _segments.Remove(found);
            Interlocked.Add(ref _bytes, -found.Bytes);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(64);
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 512 && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                lock (_gate)
                {
                    var (stream, segment) = ActiveSegment();
                    foreach (var pending in batch)
                    {
                        stream.Write(pending.Frame);
                        segment.Bytes += pending.Frame.Length;
                        segment.Count++;
                        if (segment.Count == 1 || pending.SubmittedAt < segment.Oldest)
                        {
                            segment.Oldest = pending.SubmittedAt;
                        }
                    }
                    stream.Flush(flushToDisk: true);
                }
                foreach (var pending in batch)
                {
                    pending.Written.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.WriteFailed(_logger, Directory, ex);
                lock (_gate)
                {
                    // What of the batch reached the file may be replayed; none of it was acknowledged.
                    _active?.Dispose();
                    _active = null;
                    _activeSegment = null;
                }
                foreach (var pending in batch)
                {
                    Interlocked.Add(ref _bytes, -pending.Frame.Length);
                    pending.Written.TrySetException(ex);
                }
            }
            batch.Clear();
        }
    }

    private (FileStream Stream, Segment Segment) ActiveSegment()
    {
        if (_activeSegment is { Bytes: >= SegmentBytes })
        {
            _active!.Dispose();
            _active = null;
            _activeSegment = null;
        }
        if (_active is null || _activeSegment is null)
        {
            var name = $"{_time.GetUtcNow().ToUnixTimeMilliseconds():D15}-{Environment.ProcessId:D7}-{++_sequence:D6}{Extension}";
            var path = Path.Combine(Directory, name);
            _active = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            _activeSegment = new Segment(path);
            _segments.Add(_activeSegment);
        }
        return (_active, _activeSegment);
    }

    private void Recover()
    {
        var paths = System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Concat(System.IO.Directory.EnumerateFiles(Directory, "*" + FirstFormatExtension));
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            List<SpooledComment> entries;
            try
            {
                entries = Read(path);
            }
            catch (InvalidDataException ex)
            {
                // Kept as it is, uncounted; the drainer reports it each time it tries.
                Log.Unreadable(_logger, Path.GetFileName(path), ex);
                entries = [];
            }
            var segment = new Segment(path) { Count = entries.Count, Bytes = new FileInfo(path).Length };
            if (entries.Count > 0)
            {
                segment.Oldest = entries.Min(e => e.SubmittedAt);
            }
            _segments.Add(segment);
            _bytes += segment.Bytes;
        }
        if (_segments.Count > 0)
        {
            Log.Recovered(_logger, Count, _segments.Count, Directory);
        }
    }

    internal static byte[] Encode(SpooledComment entry)
    {
        var site = Encoding.UTF8.GetBytes(entry.SiteId);
        var payloadLength = Fixed + site.Length + entry.Submission.Length + entry.Answer.Length;
        var frame = new byte[FrameHeader + payloadLength];
        var payload = frame.AsSpan(FrameHeader);
        payload[0] = Version;
        payload[1] = checked((byte)entry.AnnouncedStatus);
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], checked((ushort)site.Length));
        site.CopyTo(payload[4..]);
        var rest = payload[(4 + site.Length)..];
        BinaryPrimitives.WriteInt64BigEndian(rest, entry.SubmittedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32BigEndian(rest[8..], entry.Submission.Length);
        entry.Submission.CopyTo(rest[12..]);
        entry.Answer.CopyTo(rest[(12 + entry.Submission.Length)..]);
        BinaryPrimitives.WriteInt32BigEndian(frame, payloadLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        return frame;
    }

    internal static bool TryDecode(ReadOnlySpan<byte> data, ref int offset, out SpooledComment entry)
    {
        entry = null!;
        var rest = data[offset..];
        if (rest.Length < FrameHeader)
        {
            return false;
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(rest);
        if (length < Fixed - 4 || length > rest.Length - FrameHeader)
        {
            return false;
        }
        var payload = rest.Slice(FrameHeader, length);
        if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32BigEndian(rest[4..]))
        {
            return false;
        }
        if (payload[0] is not (1 or Version))
        {
            // Whole and unknown: written by a newer build. Not a torn tail, so the segment must not be dropped.
            throw new InvalidDataException($"A spool entry of format {payload[0]} is not known to this build; it is kept for a build that knows it.");
        }
        var withAnswer = payload[0] == Version;
        var fixedLength = withAnswer ? Fixed : Fixed - 4;
        var siteLength = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        if (fixedLength + siteLength > length)
        {
            return false;
        }
        var siteId = Encoding.UTF8.GetString(payload.Slice(4, siteLength));
        var after = payload[(4 + siteLength)..];
        var submittedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(after));
        var body = after[(withAnswer ? 12 : 8)..];
        var submissionLength = withAnswer ? BinaryPrimitives.ReadInt32BigEndian(after[8..]) : body.Length;
        if (submissionLength < 0 || submissionLength > body.Length)
        {
            return false;
        }
        entry = new SpooledComment(siteId, submittedAt, payload[1], body[..submissionLength].ToArray())
        {
            Answer = body[submissionLength..].ToArray(),
        };
        offset += FrameHeader + length;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        lock (_gate)
        {
            _active?.Dispose();
            _active = null;
            _activeSegment = null;
        }
    }

    private sealed record PendingAppend(byte[] Frame, DateTimeOffset SubmittedAt, TaskCompletionSource Written);

    private sealed class Segment(string path)
    {
        public string Path { get; } = path;
        public int Count { get; set; }
        public long Bytes { get; set; }
        public DateTimeOffset Oldest { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Found {Count} spooled comments in {Segments} segment files in {Directory}; they are replayed once Redis answers.")]
        public static partial void Recovered(ILogger logger, long count, int segments, string directory);

        [LoggerMessage(2, LogLevel.Warning, "Spool segment {Segment} ends in {Bytes} bytes that are not a whole entry, as a crash mid-write leaves; that entry was never acknowledged.")]
        public static partial void TornTail(ILogger logger, string segment, int bytes);

        [LoggerMessage(3, LogLevel.Error, "Could not write to the spool in {Directory}; the submissions of this batch were answered UNAVAILABLE.")]
        public static partial void WriteFailed(ILogger logger, string directory, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Spool segment {Segment} holds entries this build cannot read; it is kept for a build that can")]
        public static partial void Unreadable(ILogger logger, string segment, Exception exception);
    }
}
