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

    /// <summary>
    /// Where each link is, in full: from its scheme (or <c>www.</c>) to the first blank, quote or angle bracket.
    /// </summary>
    public static AddressEnumerator Addresses(ReadOnlySpan<char> text) => new(text);

    public ref struct AddressEnumerator
    {
        private HostEnumerator _hosts;

        internal AddressEnumerator(ReadOnlySpan<char> text) => _hosts = new(text);

        public (int Start, int Length) Current { get; private set; }

        public readonly AddressEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (!_hosts.MoveNext())
            {
                return false;
            }
            Current = _hosts.CurrentAddress;
            return true;
        }
    }

    public ref struct HostEnumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _offset;
        private int _addressStart;
        private int _hostEnd;

        internal HostEnumerator(ReadOnlySpan<char> text)
        {
            _text = text;
            _offset = 0;
            Current = default;
        }

        public ReadOnlySpan<char> Current { get; private set; }

        /// <summary>Where the whole link whose host is <see cref="Current"/> is.</summary>
        internal readonly (int Start, int Length) CurrentAddress
        {
            get
            {
                var end = _hostEnd;
                while (end < _text.Length && !EndsAddress(_text[end]))
                {
                    end++;
                }
                // Punctuation after a link ends the sentence or the bracket it sits in, as linkifiers read it.
                while (end > _hostEnd && _text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}')
                {
                    end--;
                }
                return (_addressStart, end - _addressStart);
            }
        }

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
                    _addressStart = _offset + http;
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
                    _addressStart = hostStart;
                }
                var hostLength = HostLength(_text[hostStart..]);
                _offset = hostStart + Math.Max(hostLength, 1);
                if (hostLength > 0)
                {
                    _hostEnd = hostStart + hostLength;
                    Current = _text.Slice(hostStart, hostLength);
                    return true;
                }
            }
            _offset = _text.Length;
            return false;
        }

        // Invisible format characters (a byte-order mark, a zero-width space) end a link as a blank does.
        private static bool EndsAddress(char c) =>
            c is '"' or '\'' or '<' or '>' || char.IsWhiteSpace(c) || char.IsControl(c)
            || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

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
