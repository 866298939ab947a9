using System.Buffers;

namespace Moderation.Core.Text;

/// <summary>Normalised text in a pooled buffer; dispose to return the buffer.</summary>
public readonly struct NormalizedText : IDisposable
{
    private readonly char[] _buffer;
    private readonly int _length;

    internal NormalizedText(char[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }
    }
}
