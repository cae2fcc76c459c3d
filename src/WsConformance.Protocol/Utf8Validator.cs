using System.Text.Unicode;

namespace WsConformance.Protocol;

/// <summary>Where a UTF-8 stream stands after the bytes fed so far.</summary>
public enum Utf8State
{
    /// <summary>Valid, and ends at a code point boundary.</summary>
    Valid,

    /// <summary>Valid so far, but inside a code point (more bytes must follow).</summary>
    Incomplete,

    /// <summary>Invalid; stays so.</summary>
    Invalid,
}

/// <summary>
/// Incremental strict UTF-8 validator (RFC 3629) that reports the exact offset of the byte that made the
/// stream invalid, which is what RFC 6455 §8.1 fail-fast checking needs.
/// </summary>
/// <remarks>
/// Strict means overlong forms, surrogates (ED A0..BF), code points above U+10FFFF, 5/6-byte forms, C0/C1
/// and F5-FF are invalid; noncharacters are valid. A code point split across chunks is finished byte by
/// byte, the bulk of a chunk is checked with the vectorised <see cref="Utf8.IsValid"/>, and only a chunk
/// that turns out invalid is walked byte by byte to find the offset. The default value is a fresh validator.
/// </remarks>
public struct Utf8StreamValidator
{
    private const int MaxSequenceLength = 4;

    private DfaState _state;
    private long _bytesSeen;
    private long _failureOffsetPlusOne;

    /// <summary>DFA states; the "After…" states restrict the second byte of E0, ED, F0 and F4 sequences.</summary>
    private enum DfaState : byte
    {
        Accept,
        NeedOne,
        NeedTwo,
        NeedThree,
        AfterE0,
        AfterED,
        AfterF0,
        AfterF4,
        Reject,
    }

    /// <summary>0-based offset in the whole stream of the byte that made it invalid (-1 if not invalid).</summary>
    public readonly long FailureOffset => _failureOffsetPlusOne - 1;

    /// <summary>Total bytes fed so far, including any after the failure.</summary>
    public readonly long BytesSeen => _bytesSeen;

    /// <summary>The state after the bytes fed so far.</summary>
    public readonly Utf8State State => _state switch
    {
        DfaState.Accept => Utf8State.Valid,
        DfaState.Reject => Utf8State.Invalid,
        _ => Utf8State.Incomplete,
    };

    /// <summary>Validates the next chunk of the stream; once Invalid, stays Invalid.</summary>
    public Utf8State Feed(ReadOnlySpan<byte> chunk)
    {
        if (_state != DfaState.Reject)
        {
            int pendingEnd = Walk(chunk, 0, stopAtBoundary: true);
            if (_state == DfaState.Accept)
            {
                ValidateFromBoundary(chunk, pendingEnd);
            }
        }

        _bytesSeen += chunk.Length;
        return State;
    }

    /// <summary>Starts a new stream.</summary>
    public void Reset() => this = default;

    /// <summary>True if the whole buffer is valid UTF-8 ending at a code point boundary.</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    /// <summary>Checks chunk[start..] while in the Accept state: bulk first, byte-wise only where needed.</summary>
    private void ValidateFromBoundary(ReadOnlySpan<byte> chunk, int start)
    {
        int boundary = start + LastBoundary(chunk[start..]);
        int next = Utf8.IsValid(chunk[start..boundary]) ? boundary : start;
        Walk(chunk, next, stopAtBoundary: false);
    }

    /// <summary>
    /// Runs the DFA from <paramref name="start"/>; stops at a failure, at the end, or (if asked) at the first
    /// code point boundary. Returns the index where it stopped.
    /// </summary>
    private int Walk(ReadOnlySpan<byte> chunk, int start, bool stopAtBoundary)
    {
        int index = start;
        while (index < chunk.Length && !(stopAtBoundary && _state == DfaState.Accept))
        {
            _state = Step(_state, chunk[index]);
            if (_state == DfaState.Reject)
            {
                _failureOffsetPlusOne = _bytesSeen + index + 1;
                return index;
            }

            index++;
        }

        return index;
    }

    /// <summary>
    /// Length of <paramref name="bytes"/> without a trailing code point that is started but not finished, so
    /// the bulk check never sees a sequence cut by the chunk boundary.
    /// </summary>
    private static int LastBoundary(ReadOnlySpan<byte> bytes)
    {
        for (int back = 1; back < MaxSequenceLength && back <= bytes.Length; back++)
        {
            byte b = bytes[^back];
            if (!IsContinuation(b))
            {
                bool cutShort = b >= 0xC0 && SequenceLength(b) > back;
                return cutShort ? bytes.Length - back : bytes.Length;
            }
        }

        return bytes.Length;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static int SequenceLength(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

    private static DfaState Step(DfaState state, byte b) => state switch
    {
        DfaState.Accept => FromLead(b),
        DfaState.NeedOne => Continue(b, 0x80, 0xBF, DfaState.Accept),
        DfaState.NeedTwo => Continue(b, 0x80, 0xBF, DfaState.NeedOne),
        DfaState.NeedThree => Continue(b, 0x80, 0xBF, DfaState.NeedTwo),
        DfaState.AfterE0 => Continue(b, 0xA0, 0xBF, DfaState.NeedOne), // excludes overlong 3-byte forms
        DfaState.AfterED => Continue(b, 0x80, 0x9F, DfaState.NeedOne), // excludes surrogates D800-DFFF
        DfaState.AfterF0 => Continue(b, 0x90, 0xBF, DfaState.NeedTwo), // excludes overlong 4-byte forms
        DfaState.AfterF4 => Continue(b, 0x80, 0x8F, DfaState.NeedTwo), // excludes code points > U+10FFFF
        _ => DfaState.Reject,
    };

    private static DfaState Continue(byte b, byte low, byte high, DfaState next) =>
        b >= low && b <= high ? next : DfaState.Reject;

    /// <summary>First byte of a code point; C0/C1 (overlong 2-byte) and F5-FF never start one.</summary>
    private static DfaState FromLead(byte b) => b switch
    {
        < 0x80 => DfaState.Accept,
        >= 0xC2 and <= 0xDF => DfaState.NeedOne,
        0xE0 => DfaState.AfterE0,
        0xED => DfaState.AfterED,
        >= 0xE1 and <= 0xEF => DfaState.NeedTwo,
        0xF0 => DfaState.AfterF0,
        >= 0xF1 and <= 0xF3 => DfaState.NeedThree,
        0xF4 => DfaState.AfterF4,
        _ => DfaState.Reject,
    };
}
