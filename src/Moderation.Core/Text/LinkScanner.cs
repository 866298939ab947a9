namespace Moderation.Core.Text;

/// <summary>Finds links in text: http(s) URLs and bare <c>www.</c> hosts, without allocating.</summary>
public static class LinkScanner
{
    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in Hosts(text))
        {
            count++;
        }
        return count;
    }

    /// <summary>The host of each link, in order.</summary>
    public static HostEnumerator Hosts(ReadOnlySpan<char> text) => new(text);

    public ref struct HostEnumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _offset;

        internal HostEnumerator(ReadOnlySpan<char> text)
        {
            _text = text;
            _offset = 0;
            Current = default;
        }

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly HostEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_offset < _text.Length)
            {
                var rest = _text[_offset..];
                var http = rest.IndexOf("http", StringComparison.OrdinalIgnoreCase);
                var www = rest.IndexOf("www.", StringComparison.OrdinalIgnoreCase);
                if (http < 0 && www < 0)
                {
                    break;
                }
                int hostStart;
                if (http >= 0 && (www < 0 || http < www))
                {
                    var after = rest[(http + 4)..];
                    var schemeLength = after.StartsWith("://", StringComparison.Ordinal) ? 3
                        : after.StartsWith("s://", StringComparison.OrdinalIgnoreCase) ? 4 : -1;
                    if (schemeLength < 0)
                    {
                        _offset += http + 4;
                        continue;
                    }
                    hostStart = _offset + http + 4 + schemeLength;
                }
                else
                {
                    hostStart = _offset + www;
                }
                var hostLength = HostLength(_text[hostStart..]);
                _offset = hostStart + Math.Max(hostLength, 1);
                if (hostLength > 0)
                {
                    Current = _text.Slice(hostStart, hostLength);
                    return true;
                }
            }
            _offset = _text.Length;
            return false;
        }

        private static int HostLength(ReadOnlySpan<char> text)
        {
            var length = 0;
            while (length < text.Length && (char.IsLetterOrDigit(text[length]) || text[length] is '.' or '-' or '_'))
            {
                length++;
            }
            return length;
        }
    }
}
