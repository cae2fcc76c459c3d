using WsConformance.Cases.Model;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>Compares expectations by value: events by kind and bytes (however payloads are stored), codes as sets.</summary>
internal static class ExpectationComparison
{
    /// <summary>
    /// The differences, empty when the two grade every outcome alike. A verdict both force overrides both verdicts
    /// whatever happens (Judge), so then only the forced verdict and who must close (which drives the run) count.
    /// </summary>
    public static IReadOnlyList<string> Differences(Expectation expected, Expectation actual)
    {
        var differences = new List<string>();
        if (expected.ForcedVerdict is { } forced && actual.ForcedVerdict == forced)
        {
            Check(differences, "closed by", expected.Close.ClosedBy, actual.Close.ClosedBy);
            return differences;
        }

        var wanted = Alternatives(expected);
        var got = Alternatives(actual);
        differences.AddRange(wanted.Except(got).Select(a => $"missing {a}"));
        differences.AddRange(got.Except(wanted).Select(a => $"extra {a}"));
        if (expected.ForcedVerdict != actual.ForcedVerdict)
        {
            differences.Add($"forced verdict {expected.ForcedVerdict} vs {actual.ForcedVerdict}");
        }

        var (e, a) = (expected.Close, actual.Close);
        Check(differences, "closed by", e.ClosedBy, a.ClosedBy);
        Check(differences, "codes", string.Join(",", e.Codes.Distinct().Order()), string.Join(",", a.Codes.Distinct().Order()));
        Check(differences, "clean", e.RequireClean, a.RequireClean);
        Check(differences, "wrong_code_fails", e.WrongCodeFails, a.WrongCodeFails);
        Check(differences, "wrong_closer_fails", e.WrongCloserFails, a.WrongCloserFails);
        Check(differences, "wrong_closer_non_strict", e.WrongCloserNonStrict, a.WrongCloserNonStrict);
        Check(differences, "nothing_after_close", e.NothingAfterClose, a.NothingAfterClose);
        return differences;
    }

    public static string Describe(ExpectedEvent expected) => expected switch
    {
        ExpectedMessage { Content: null } message => $"message{message.Opcode}:length {message.Length}x{message.Count}",
        ExpectedMessage message => $"message{message.Opcode}:{Convert.ToHexString(message.Content!.ToBytes())}x{message.Count}",
        ExpectedPong pong => $"pong:{Convert.ToHexString(pong.Payload.ToBytes())}",
        ExpectedPing ping => $"ping:{Convert.ToHexString(ping.Payload.ToBytes())}",
        ExpectedTimeout timeout => $"timeout:{timeout.Tag}",
        _ => expected.ToString(),
    };

    private static HashSet<string> Alternatives(Expectation expectation) =>
        [.. expectation.Alternatives.Select(a => $"{a.Verdict}[{string.Join(" ", a.Events.Select(Describe))}]")];

    private static void Check<T>(List<string> differences, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            differences.Add($"{what}: catalog {expected}, model {actual}");
        }
    }
}
