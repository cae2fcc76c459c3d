using System.Collections;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// The header lines of a <see cref="HandshakeRequest"/>, in order and spelled exactly as given. Besides
/// ordinary name/value pairs it can hold verbatim lines (see <see cref="HandshakeRequest.AddRawLine"/>):
/// such a line is written unchanged, and is seen through this list as the name before its first colon and
/// the trimmed value after it (the whole line and an empty value when it has no colon).
/// </summary>
public sealed class RequestHeaderList : IList<KeyValuePair<string, string>>
{
    private readonly List<Entry> _entries = [];

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public KeyValuePair<string, string> this[int index]
    {
        get => _entries[index].Header;
        set => _entries[index] = Entry.FromHeader(value);
    }

    /// <summary>True when the line at <paramref name="index"/> was added verbatim.</summary>
    public bool IsRawLine(int index) => _entries[index].RawLine is not null;

    /// <summary>The line at <paramref name="index"/> as it goes on the wire, without its CRLF.</summary>
    public string GetLine(int index) => _entries[index].Line;

    /// <summary>Appends a verbatim line.</summary>
    public void AddRawLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _entries.Add(Entry.FromRawLine(line));
    }

    /// <inheritdoc/>
    public void Add(KeyValuePair<string, string> item) => _entries.Add(Entry.FromHeader(item));

    /// <inheritdoc/>
    public void Insert(int index, KeyValuePair<string, string> item) => _entries.Insert(index, Entry.FromHeader(item));

    /// <inheritdoc/>
    public void RemoveAt(int index) => _entries.RemoveAt(index);

    /// <inheritdoc/>
    public bool Remove(KeyValuePair<string, string> item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        return true;
    }

    /// <inheritdoc/>
    public void Clear() => _entries.Clear();

    /// <inheritdoc/>
    public int IndexOf(KeyValuePair<string, string> item) => _entries.FindIndex(entry => entry.Header.Equals(item));

    /// <inheritdoc/>
    public bool Contains(KeyValuePair<string, string> item) => IndexOf(item) >= 0;

    /// <inheritdoc/>
    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var entry in _entries)
        {
            array[arrayIndex++] = entry.Header;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.Select(entry => entry.Header).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct Entry(KeyValuePair<string, string> Header, string? RawLine)
    {
        public string Line => RawLine ?? $"{Header.Key}: {Header.Value}";

        public static Entry FromHeader(KeyValuePair<string, string> header)
        {
            ArgumentNullException.ThrowIfNull(header.Key);
            ArgumentNullException.ThrowIfNull(header.Value);
            return new Entry(header, null);
        }

        public static Entry FromRawLine(string line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var header = colon < 0
                ? new KeyValuePair<string, string>(line, string.Empty)
                : new KeyValuePair<string, string>(line[..colon], HttpSyntax.TrimOptionalWhitespace(line[(colon + 1)..]));
            return new Entry(header, line);
        }
    }
}
