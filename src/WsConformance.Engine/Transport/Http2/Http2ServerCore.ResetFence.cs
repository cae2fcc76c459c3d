using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// Resets that a PING fences. RFC 9113 §5.1 lets frames the client "might have already sent — or enqueued for sending"
/// arrive after the harness's RST_STREAM, so a late frame proves nothing by itself. A client answers a PING only once it
/// has read every frame before it (frames are processed in order), so a frame on the stream behind the ACK of a PING sent
/// behind the reset came from a client that knew the stream was closed: "An endpoint MUST NOT send frames other than
/// PRIORITY on a closed stream."
/// </summary>
internal sealed partial class Http2ServerCore
{
    /// <summary>Chosen so a fence never looks like the zero payloads clients use for their own PINGs.</summary>
    private const ulong FirstFencePayload = 0x5753_434F_4E46_0001;

    private readonly Dictionary<ulong, uint> _resetFences = [];
    private ulong _nextFencePayload = FirstFencePayload;

    /// <summary>
    /// RST_STREAM with <paramref name="code"/>, then a PING whose ACK tells that the client has read the reset; false when the
    /// stream was closed already (or the connection is over), so no ACK is to come.
    /// </summary>
    public bool ResetFenced(uint streamId, Http2ErrorCode code)
    {
        if (Failure is not null || !Streams.TryGetValue(streamId, out var stream) || stream.IsClosed)
        {
            return false;
        }

        ResetStream(streamId, code);
        var payload = _nextFencePayload++;
        _resetFences[payload] = streamId;
        Emit(Http2Frames.Ping(payload, ack: false));
        return true;
    }

    /// <summary>The client acknowledged the PING behind the harness's reset of <paramref name="streamId"/>.</summary>
    public bool ResetAcknowledged(uint streamId) => Streams.GetValueOrDefault(streamId)?.ResetAcknowledged ?? false;

    /// <summary>The first frame the client sent on <paramref name="streamId"/> after acknowledging its reset, or null.</summary>
    public string? FrameAfterReset(uint streamId) => Streams.GetValueOrDefault(streamId)?.FrameAfterReset;

    private void OnPingAck(ulong payload)
    {
        if (_resetFences.Remove(payload, out var streamId) && Streams.TryGetValue(streamId, out var stream))
        {
            stream.ResetAcknowledged = true;
            _events.Enqueue(new ResetAcknowledged(streamId));
        }
    }

    /// <summary>
    /// Records a frame on a stream the harness reset. WINDOW_UPDATE is not one: it only returns credit, and RFC 9113 §6.9 has
    /// receivers accept it on a closed stream ("A receiver MUST NOT treat this as an error").
    /// </summary>
    private static void NoteFrameOnResetStream(Http2StreamState stream, in Http2FrameHeader header, string detail)
    {
        if (stream.ResetAcknowledged)
        {
            stream.FrameAfterReset ??= $"{Http2FrameTypes.Name(header.Type)} ({header.Length} octets{detail})";
        }
    }

    private static string EndStreamNote(in Http2FrameHeader header) => header.HasFlag(Http2Flags.EndStream) ? ", END_STREAM" : "";
}
