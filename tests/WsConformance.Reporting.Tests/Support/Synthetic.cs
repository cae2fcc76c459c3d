using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Session;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>Case results built directly, for report shapes the embedded echo server never produces.</summary>
internal static class Synthetic
{
    public static readonly Target Target = new(new Uri("ws://127.0.0.1:9001/"), "synthetic-server/1.0");

    /// <summary>64 bytes that look like a masked frame on the wire (binary, shown as hex).</summary>
    private static readonly byte[] MaskedBytes = [.. Enumerable.Range(0, 64).Select(i => (byte)((i * 37) + 0x81))];

    public static CaseDefinition Case(string id, string section, string? autobahnId = null, bool bulk = false) => new(
        id,
        autobahnId,
        section,
        $"Case {id}",
        new Requirement("RFC 6455", "5.2", RequirementLevel.Must, "Frames MUST be parsed as in 5.2."),
        HandshakeOverrides.None,
        [],
        new Expectation(
            [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5)])],
            new CloseExpectation(Closer.Harness, [1000], true, false, false),
            null,
            null),
        bulk,
        "synthetic.yaml");

    public static CaseResult Result(
        CaseDefinition definition,
        Verdict behavior,
        string reason = "Actual events match at least one expected.",
        Target? target = null,
        string? closeReason = null,
        int wireRows = 6,
        CloseVerdict behaviorClose = CloseVerdict.Ok,
        Evidence? evidence = null)
    {
        var statistics = new TrafficStatistics();
        statistics.CountOctets(WireDirection.Sent, 200);
        statistics.CountOctets(WireDirection.Received, 129);
        statistics.CountFrame(WireDirection.Sent, 1);
        statistics.CountFrame(WireDirection.Received, 8);
        var payload = System.Text.Encoding.UTF8.GetBytes("Hello, wire \u0001 <b>");
        var log = new List<WireEntry>();
        for (var i = 0; i < wireRows; i++)
        {
            log.Add((i % 3) switch
            {
                0 => new OctetsEntry(TimeSpan.FromMilliseconds(i), WireDirection.Sent, 300, MaskedBytes),
                1 => new FrameEntry(TimeSpan.FromMilliseconds(i), WireDirection.Received, true, 0, 1, false, 0, (ulong)payload.Length, payload, null, false),
                _ => new NoteEntry(TimeSpan.FromMilliseconds(i), "harness drops TCP"),
            });
        }

        var close = new CloseRecord(true, false, false, true, null, false, false, 1000, null, 1000, closeReason, 0);
        var events = new List<ObservedEvent> { new MessageEvent(TimeSpan.FromMilliseconds(2), false, 1, payload.Length, payload) };
        return new CaseResult(definition, target ?? Target, new Judgement(behavior, behaviorClose, reason, "Connection was properly closed", false) { Evidence = evidence },
            DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(12.5), close, events, log, 0, statistics, "synthetic-server/1.0",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\nServer: synthetic-server/1.0\r\n\r\n");
    }

    public static RunResult Run(IReadOnlyList<CaseResult> results, bool complete = true, IReadOnlyList<Target>? targets = null) =>
        new(targets ?? [Target], results, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1), complete);
}
