namespace Moderation.Core.Text;

/// <summary>The words of a text: runs of letters and digits, as (start, length), without allocating.</summary>
public ref struct WordSpans
{
    private readonly ReadOnlySpan<char> _text;
    private int _offset;

    public WordSpans(ReadOnlySpan<char> text)
    {
        _text = text;
        _offset = 0;
        Current = default;
    }

    public (int Start, int Length) Current { get; private set; }

    public readonly WordSpans GetEnumerator() => this;

    public bool MoveNext()
    {
        var i = _offset;
        while (i < _text.Length && !char.IsLetterOrDigit(_text[i]))
        {
            i++;
        }
        var start = i;
        while (i < _text.Length && char.IsLetterOrDigit(_text[i]))
        {
            i++;
        }
        _offset = i;
        Current = (start, i - start);
        return i > start;
    }
}
