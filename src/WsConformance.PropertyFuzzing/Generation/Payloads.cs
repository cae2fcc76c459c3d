using System.Text;

namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>
/// Payload bytes from a seed: the generator draws only a size and a seed, so big payloads cost no generator
/// steps and a counterexample stays reproducible. Large payloads are a short pattern repeated, as Autobahn's are.
/// </summary>
public static class Payloads
{
    /// <summary>Payloads up to this size are random throughout; longer ones repeat a pattern.</summary>
    public const int RandomUpTo = 4096;

    private const int PatternLength = 61;

    /// <summary>Characters of 1 to 4 bytes, so text payloads exercise every UTF-8 length.</summary>
    private static readonly string[] TextAlphabet =
        ["a", "Z", "0", " ", "!", "~", "\u007f", "µ", "ß", "κ", "ό", "\u07ff", "€", "\u0800", "\uffff", "\ufffd", "😀", "\U0010ffff", "\U00010000"];

    /// <summary>Binary payload of exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Binary(int size, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[size];
        if (size <= RandomUpTo)
        {
            random.NextBytes(bytes);
            return bytes;
        }

        var pattern = new byte[PatternLength];
        random.NextBytes(pattern);
        for (var offset = 0; offset < size; offset += pattern.Length)
        {
            pattern.AsSpan(0, Math.Min(pattern.Length, size - offset)).CopyTo(bytes.AsSpan(offset));
        }

        return bytes;
    }

    /// <summary>Valid UTF-8 of at most <paramref name="size"/> bytes (short of it by less than one character).</summary>
    public static byte[] Text(int size, int seed)
    {
        var random = new Random(seed);
        var unit = new StringBuilder();
        var unitBytes = 0;
        while (unitBytes < Math.Min(size, size <= RandomUpTo ? size : PatternLength))
        {
            var character = TextAlphabet[random.Next(TextAlphabet.Length)];
            var length = Encoding.UTF8.GetByteCount(character);
            if (unitBytes + length > size)
            {
                break;
            }

            unit.Append(character);
            unitBytes += length;
        }

        var pattern = Encoding.UTF8.GetBytes(unit.ToString());
        if (pattern.Length == 0 || pattern.Length >= size)
        {
            return pattern;
        }

        var repeats = size / pattern.Length;
        var bytes = new byte[repeats * pattern.Length];
        for (var i = 0; i < repeats; i++)
        {
            pattern.CopyTo(bytes, i * pattern.Length);
        }

        return bytes;
    }
}
