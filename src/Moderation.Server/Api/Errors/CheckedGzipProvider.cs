using System.IO.Compression;
using Grpc.Net.Compression;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Errors;

/// <summary>
/// gzip for gRPC messages, as the built-in provider, except that a message that is not gzip is INVALID_ARGUMENT
/// (MALFORMED_MESSAGE) instead of an exception the handler answers UNKNOWN.
/// </summary>
public sealed class CheckedGzipProvider : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? CompressionLevel.Fastest, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new Checked(new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true));

    private sealed class Checked(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw RpcErrors.From(Problem.InvalidArgument("MALFORMED_MESSAGE", "request", "The message is marked gzip but is not gzip data: " + ex.Message));
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
