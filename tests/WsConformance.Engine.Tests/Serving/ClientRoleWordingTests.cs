using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Protocol;
using WsConformance.TestServers;
using Xunit.Abstractions;
using Broken = WsConformance.TestServers.BrokenServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>In <c>wsconf serve</c> reasons name the client, and agree with what the wire log shows.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class ClientRoleWordingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_that_breaks_the_protocol_is_named_as_the_client()
    {
        var result = await RunOneAsync(Broken.MasksOwnFrames, "1.1.1");

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.Contains(Notes(result), n => n.Contains("harness fails the connection: the client violated the protocol", StringComparison.Ordinal));
        Assert.DoesNotContain(Notes(result).Append(result.Judgement.Result).Append(result.Judgement.ResultClose),
            n => n.Contains("server", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_connection_the_harness_had_to_drop_is_not_called_properly_closed_even_where_autobahn_grades_it_ok()
    {
        // 7.5.1 does not require a clean close; a client that hangs on the invalid close reason (as Tornado 6.2's does)
        // gets OK by Autobahn's rule, but the harness waited 1 s and dropped TCP, and the reason must say so.
        var hangsOnTheClose = Broken.NeverAnswersClose with
        {
            IgnoredViolations = new HashSet<ViolationCode>(Broken.NeverAnswersClose.IgnoredViolations) { ViolationCode.InvalidCloseReasonUtf8 },
        };
        var result = await RunOneAsync(hangsOnTheClose, "7.5.1");

        Assert.Equal(CloseVerdict.Ok, result.BehaviorClose);
        Assert.False(result.Judgement.Slow, "a client that never answered is not slow: " + result.Judgement.Result);
        Assert.True(result.Close!.WasCloseHandshakeTimeout, CatalogRun.Describe(result));
        Assert.StartsWith("OK by Autobahn's rule (this case does not require a clean close), but the connection was not properly closed: the harness had to drop TCP",
            result.Judgement.ResultClose, StringComparison.Ordinal);
    }

    private async Task<CaseResult> RunOneAsync(EchoBehaviour behaviour, string id)
    {
        var results = await ServeRun.RunAsync((url, token) => CodecEchoClient.RunAsync(url, behaviour, token), id);
        output.WriteLine(CatalogRun.Describe(results));
        return results.Single();
    }

    private static IEnumerable<string> Notes(CaseResult result) => result.WireLog.OfType<NoteEntry>().Select(n => n.Text);
}
