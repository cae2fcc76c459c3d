using System.Buffers;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Running;

/// <summary>
/// Runs a case's steps on its session. Like Autobahn's <c>onOpen</c>, the steps up to a pause form one burst:
/// consecutive plain writes are coalesced into one TCP write, and message sends are skipped when the harness
/// itself started closing earlier in the burst — so the bytes and their segmentation match Autobahn's.
/// Once permessage-deflate is negotiated, every message (not hand-made frames) is compressed with the agreed
/// parameters and the compressed payload is what gets fragmented (RFC 7692 §6, Autobahn's autoFragmentSize).
/// </summary>
internal sealed class StepExecutor
{
    private readonly CaseSession _session;
    private readonly double _timeoutScale;
    private readonly SliceCacheLease? _sliceCache;
    private const int LargeWrite = 64 * 1024;
    private const int HarnessCompressionLevel = 1;

    /// <summary>A PING is answered at once by any live HTTP/2 end; this only bounds a client that never answers.</summary>
    internal static readonly TimeSpan ResetAcknowledgementBound = TimeSpan.FromSeconds(5);

    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly ArrayBufferWriter<byte> _roundBytes = new();
    private MessageDeflater? _deflater;
    private MessageDeflater? _independentDeflater;
    private readonly List<ReadOnlyMemory<byte>> _frameWise = [];
    private ReadOnlyMemory<byte> _held;
    private bool _closingInBurst;

    /// <param name="sliceCache">The run's compressed slices, shared with the other cases; null to compress every message here.</param>
    public StepExecutor(CaseSession session, double timeoutScale, SliceCacheLease? sliceCache)
    {
        _session = session;
        _timeoutScale = timeoutScale;
        _sliceCache = sliceCache;
    }

    public async Task RunAsync(IReadOnlyList<Step> steps, CancellationToken cancellationToken)
    {
        // RFC 7692 §7.1.1.2 / §7.1.2.2: the server's answer decides the window and whether our context carries over.
        // zlib's fastest level still emits real Huffman-coded DEFLATE with back references (what the server must
        // inflate) at a fraction of the default level's CPU, so the harness stays cheaper than the server it tests.
        using var deflater = _session.Compression is { } agreement ? CreateDeflater(agreement) : null;
        _deflater = deflater;
        try
        {
            StartBurst();
            foreach (var step in steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!await RunStepAsync(step, cancellationToken))
                {
                    break;
                }
            }

            await FlushAsync();
        }
        finally
        {
            _session.EndBurst();
            _independentDeflater?.Dispose();
        }
    }

    /// <summary>We compress with our own side's parameters of the agreement (RFC 7692 §7.1).</summary>
    private MessageDeflater CreateDeflater(DeflateAgreement agreement) => _session.Role == Role.Client
        ? new MessageDeflater(agreement.ClientMaxWindowBits, agreement.ClientNoContextTakeover, HarnessCompressionLevel)
        : new MessageDeflater(agreement.ServerMaxWindowBits, agreement.ServerNoContextTakeover, HarnessCompressionLevel);

    /// <summary>Our window bits and whether our context is reset per message, as agreed for our side.</summary>
    private (int WindowBits, bool NoContextTakeover) OwnCompression(DeflateAgreement agreement) => _session.Role == Role.Client
        ? (agreement.ClientMaxWindowBits, agreement.ClientNoContextTakeover)
        : (agreement.ServerMaxWindowBits, agreement.ServerNoContextTakeover);

    private void StartBurst()
    {
        _closingInBurst = _session.State != ConnectionState.Open;
        _session.BeginBurst();
    }

    /// <summary>Runs one step; false when the case's remaining steps must not run (the connection is no longer open after a pause).</summary>
    private async Task<bool> RunStepAsync(Step step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case SendFrameStep frame:
                await SendFrameAsync(frame);
                return true;
            case SendHeldStep held:
                await SendHeldAsync(held.Count);
                return true;
            case SendMessageStep message:
                await SendMessageAsync(message);
                return true;
            case SendRawStep raw:
                await QueueAsync(raw.Bytes, raw.Transmission);
                return true;
            case CloseStep close:
                await FlushAsync();
                _session.StartClosingHandshake(close.Body.ToBytes());
                _closingInBurst = true;
                return true;
            case FailAfterStep failAfter:
                _session.FailAfter(Scale(failAfter.After));
                return true;
            case CloseAfterStep closeAfter:
                _session.CloseAfter(Scale(closeAfter.After));
                return true;
            case PauseStep pause:
                return await PauseAsync(pause, cancellationToken);
            case ResetStreamStep reset:
                await FlushAsync();
                await _session.ResetStreamAsync(Scale(reset.Watch), Scale(ResetAcknowledgementBound), cancellationToken);
                return false;
            case EchoRoundsStep rounds:
                await FlushAsync();
                _session.EndBurst();
                await EchoRoundsAsync(rounds, cancellationToken);
                StartBurst();
                return true;
            default:
                throw new InvalidOperationException($"Unknown step type {step.GetType().Name}.");
        }
    }

    private async Task SendFrameAsync(SendFrameStep step)
    {
        var masked = step.Mask.Mode switch
        {
            MaskMode.None => false,
            MaskMode.ByRole => _session.MasksByDefault,
            _ => true,
        };
        var spec = new FrameSpec(step.Fin, step.Rsv, step.Opcode, masked, masked ? MaskKeyFor(step.Mask) : 0, step.Payload.ToBytes(),
            step.DeclaredLength, ToEncoding(step.LengthForm));
        _session.LogSentFrame(spec, step.Transmission);
        var encoded = FrameEncoder.Encode(spec);
        if (step.PayloadBytesNow is { } now)
        {
            var cut = Math.Min(encoded.Length, FrameEncoder.GetHeaderLength(spec) + now);
            _held = encoded.AsMemory(cut);
            encoded = encoded[..cut];
        }

        await QueueAsync(encoded, step.Transmission);
    }

    private async Task SendHeldAsync(int? count)
    {
        var take = Math.Min(count ?? _held.Length, _held.Length);
        var piece = _held[..take];
        _held = _held[take..];
        await QueueAsync(piece, Transmission.Default);
    }

    /// <summary>Autobahn's <c>sendMessage</c> sends nothing once the harness is closing.</summary>
    private async Task SendMessageAsync(SendMessageStep step)
    {
        if (_closingInBurst)
        {
            return;
        }

        foreach (var frame in MessageFrames(step.Opcode, step.Payload.ToBytes(), step.FragmentSize ?? 0))
        {
            _session.LogSentFrame(frame, step.Transmission);
            await QueueAsync(FrameEncoder.Encode(frame), step.Transmission);
        }
    }

    /// <summary>
    /// Plain writes wait in a buffer so a burst leaves as one write; chopped or frame-wise ones go out alone, and
    /// so do large ones (copying megabytes only to coalesce them would change nothing on the wire).
    /// </summary>
    private async Task QueueAsync(ReadOnlyMemory<byte> bytes, Transmission transmission)
    {
        if (transmission.FrameWise || transmission.ChopSize is not null)
        {
            // Autobahn spaces these writes with reactor callbacks, so it processes what arrives in between: so do we.
            _session.EndBurst();
        }

        if (transmission.FrameWise && transmission.ChopSize is null)
        {
            await FlushPlainAsync();
            _frameWise.Add(bytes);
            return;
        }

        await FlushFrameWiseAsync();
        if (transmission.ChopSize is null && bytes.Length < LargeWrite)
        {
            _pending.Write(bytes.Span);
            return;
        }

        await FlushPlainAsync();
        await _session.SendAsync(bytes, transmission);
    }

    private async Task FlushAsync()
    {
        await FlushPlainAsync();
        await FlushFrameWiseAsync();
    }

    private async Task FlushPlainAsync()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await _session.SendAsync(_pending.WrittenMemory, Transmission.Default);
        _pending.ResetWrittenCount();
    }

    /// <summary>Consecutive frame-wise frames leave back to back, one write each, as Autobahn's <c>sync</c> sends.</summary>
    private async Task FlushFrameWiseAsync()
    {
        if (_frameWise.Count == 0)
        {
            return;
        }

        await _session.SendEachAsync(_frameWise);
        _frameWise.Clear();
    }

    /// <summary>Autobahn's <c>continueLater</c>: after the pause, go on only while the connection is open.</summary>
    private async Task<bool> PauseAsync(PauseStep pause, CancellationToken cancellationToken)
    {
        await FlushAsync();
        _session.EndBurst();
        await Task.WhenAny(Task.Delay(Scale(pause.Duration), _session.TimeProvider, cancellationToken), _session.Closed);
        cancellationToken.ThrowIfCancellationRequested();
        await _session.CatchUpWithReceivedAsync(cancellationToken);
        if (_session.State != ConnectionState.Open)
        {
            return false;
        }

        if (pause.Tag is { } tag)
        {
            _session.RecordTimeout(tag);
        }

        StartBurst();
        return true;
    }

    /// <summary>
    /// A message's frames: split into <paramref name="fragmentSize"/>-byte frames (0: one frame); when compressing,
    /// the compressed payload is split and only the first frame carries RSV1 (RFC 7692 §6).
    /// </summary>
    /// <remarks>When compressing, the frames' payloads live in the deflater's buffer: encode them before the next message.</remarks>
    private FrameSpec[] MessageFrames(byte opcode, ReadOnlyMemory<byte> message, int fragmentSize) =>
        _deflater is null
            ? [.. FrameEncoder.Fragment(opcode, message, fragmentSize, _session.RoleMaskKeys)]
            : CompressedFrames(opcode, _deflater.CompressIntoOwnBuffer(message.Span), fragmentSize);

    private FrameSpec[] CompressedFrames(byte opcode, ReadOnlyMemory<byte> compressed, int fragmentSize)
    {
        FrameSpec[] frames = [.. FrameEncoder.Fragment(opcode, compressed, fragmentSize, _session.RoleMaskKeys)];
        frames[0] = frames[0] with { Rsv = DeflateAgreement.Rsv };
        return frames;
    }

    /// <summary>
    /// The frames of echo round <paramref name="round"/>; compressed data-set slices come from the run's cache when
    /// the case has one, so a slice is compressed once for every case that sends it.
    /// </summary>
    private FrameSpec[] RoundFrames(EchoRoundsStep rounds, byte[]? fixedPayload, int round)
    {
        var fragmentSize = rounds.FragmentSize ?? 0;
        if (_deflater is null || rounds.Slices is not { } slices || _session.Compression is not { } agreement)
        {
            return MessageFrames(rounds.Opcode, fixedPayload is not null ? fixedPayload : rounds.MessageOf(round), fragmentSize);
        }

        var own = OwnCompression(agreement);
        ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> slice) => SliceDeflater(own).CompressIntoOwnBuffer(slice.Span);
        var compressed = _sliceCache?.GetOrCompress(rounds, round, new CompressionVariant(own.WindowBits, HarnessCompressionLevel), Compress)
            ?? Compress(slices.Slice(round));
        return CompressedFrames(rounds.Opcode, compressed, fragmentSize);
    }

    /// <summary>
    /// Each slice is compressed on its own, without back references to earlier messages. That is valid whether or
    /// not our context may be taken over (RFC 7692 §7.1.1 lets an endpoint use it, never obliges it to), so one
    /// compressed copy of a slice serves every case and every round.
    /// </summary>
    private MessageDeflater SliceDeflater((int WindowBits, bool NoContextTakeover) own) =>
        own.NoContextTakeover ? _deflater! : _independentDeflater ??= new MessageDeflater(own.WindowBits, noContextTakeover: true, HarnessCompressionLevel);

    /// <summary>Sends each message only after the previous one's echo arrived (Autobahn 9.7/9.8, 12, 13).</summary>
    private async Task EchoRoundsAsync(EchoRoundsStep rounds, CancellationToken cancellationToken)
    {
        // One array for every round of a fixed payload; data-set slices differ per round.
        var fixedPayload = rounds.Slices is null ? rounds.Payload.ToBytes() : null;
        for (var round = 0; round < rounds.Count && _session.State == ConnectionState.Open; round++)
        {
            var echoesBefore = _session.MessageCount;
            _roundBytes.ResetWrittenCount();
            foreach (var frame in RoundFrames(rounds, fixedPayload, round))
            {
                _session.LogSentFrame(frame, Transmission.Default);
                _roundBytes.Advance(FrameEncoder.Write(_roundBytes.GetSpan(FrameEncoder.GetEncodedLength(frame)), frame));
            }

            await _session.SendAsync(_roundBytes.WrittenMemory, Transmission.Default);
            await _session.WaitForMessageCountAsync(echoesBefore + 1, cancellationToken);
        }
    }

    private uint MaskKeyFor(Mask mask) => mask.Mode switch
    {
        MaskMode.Fixed => mask.Key,
        MaskMode.None => 0,
        _ => _session.NextMaskKey(),
    };

    private static LengthEncoding ToEncoding(LengthForm form) => form switch
    {
        LengthForm.Extended16 => LengthEncoding.Extended16,
        LengthForm.Extended64 => LengthEncoding.Extended64,
        _ => LengthEncoding.Minimal,
    };

    private TimeSpan Scale(TimeSpan duration) => TimeSpan.FromTicks((long)(duration.Ticks * _timeoutScale));
}
