using System.Buffers;

namespace Moderation.Core.Learning;

/// <summary>
/// Hashed feature indices of one comment (repeats count twice), in a pooled buffer, in three groups: words and
/// word pairs, character grams, then author name and structure. Each text group has unit length on its own,
/// so a long comment's words weigh as much as a short one's and the many character grams do not drown them.
/// </summary>
public readonly struct Features : IDisposable
{
    private readonly int[] _buffer;
    private readonly int _wordsEnd;
    private readonly int _gramsEnd;

    internal Features(int[] buffer, int count, int wordsEnd, int gramsEnd)
    {
        _buffer = buffer;
        Count = count;
        _wordsEnd = wordsEnd;
        _gramsEnd = gramsEnd;
    }

    public int Count { get; }
    public ReadOnlySpan<int> Indices => _buffer.AsSpan(0, Count);

    /// <summary>The word and word-pair features, the ones that say which vocabulary the comment is in.</summary>
    public ReadOnlySpan<int> WordIndices => _buffer.AsSpan(0, _wordsEnd);

    /// <summary>The value of the feature at <paramref name="position"/>.</summary>
    public float ValueAt(int position) => position < _wordsEnd ? WordValue : position < _gramsEnd ? GramValue : OtherValue;

    public float WordValue => _wordsEnd == 0 ? 0 : 1f / MathF.Sqrt(_wordsEnd);
    public float GramValue => _gramsEnd == _wordsEnd ? 0 : 1f / MathF.Sqrt(_gramsEnd - _wordsEnd);
    // Name words and structural signals are few and always present; a fixed, smaller value keeps them from dominating.
    public const float OtherValue = 0.3f;

    public void Dispose() => ArrayPool<int>.Shared.Return(_buffer);

    /// <summary>Σ weight × value over the features.</summary>
    public float Dot(ReadOnlySpan<float> weights)
    {
        var indices = Indices;
        float words = 0, grams = 0, other = 0;
        for (var i = 0; i < _wordsEnd; i++)
        {
            words += weights[indices[i]];
        }
        for (var i = _wordsEnd; i < _gramsEnd; i++)
        {
            grams += weights[indices[i]];
        }
        for (var i = _gramsEnd; i < indices.Length; i++)
        {
            other += weights[indices[i]];
        }
        return (words * WordValue) + (grams * GramValue) + (other * OtherValue);
    }
}
