using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests;

/// <summary>The kestrel-upgrade target: both parsers on its seeds, its filters, and that it reports a disagreement.</summary>
public sealed class KestrelTargetTests
{
    [Fact]
    public void Both_parsers_read_the_rfc6455_example_request_alike()
    {
        byte[] request = Seed("rfc6455-example");

        UpgradeRequestView ours = KestrelTargets.ParseOurs(request);

        Assert.Equal(ours, KestrelTargets.ParseKestrel(request).View);
        Assert.Equal((RequestStatus.Complete, "GET", "/chat", "HTTP/1.1"), (ours.Status, ours.Method, ours.Target, ours.Version));
        Assert.Contains("sec-websocket-key: \"dGhlIHNhbXBsZSBub25jZQ==\"; ", ours.Fields, StringComparison.Ordinal);
        Assert.DoesNotContain("x-", ours.Fields, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_seed_gives_no_finding()
    {
        foreach (byte[] seed in TestPaths.Seeds("kestrel-upgrade"))
        {
            KestrelTargets.Upgrade(seed);
        }
    }

    [Fact]
    public void Bare_line_feeds_are_kestrels_choice_and_filtered()
    {
        byte[] request = Seed("bare-lf");

        Assert.Equal(RequestStatus.Invalid, KestrelTargets.ParseOurs(request).Status);
        Assert.Equal(KestrelTargets.ParseOurs(Seed("rfc6455-example")), KestrelTargets.ParseKestrel(request).View);
        KestrelTargets.Upgrade(request);
    }

    [Fact]
    public void A_major_version_kestrel_does_not_implement_is_filtered_and_a_minor_one_is_not()
    {
        byte[] http2 = "GET / HTTP/2.0\r\nHost: a\r\n\r\n"u8.ToArray();
        byte[] http13 = "GET / HTTP/1.3\r\nHost: a\r\n\r\n"u8.ToArray();

        Assert.Equal(RequestStatus.Invalid, KestrelTargets.ParseKestrel(http2).View.Status);
        KestrelTargets.Upgrade(http2);
        var finding = Assert.Throws<FuzzFindingException>(() => KestrelTargets.Upgrade(http13));
        Assert.Equal(KestrelDisagreements.KestrelRejectsMinorVersion, finding.Category);
    }

    [Fact]
    public void A_cr_without_lf_after_the_version_is_judged_early_by_kestrel_and_late_by_us_and_filtered()
    {
        // Found by the fuzzer: Kestrel rejects the line at once, we wait for its LF and then reject the bare CR.
        byte[] partial = "T c HTTP/1.1\r\0\0\0"u8.ToArray();

        Assert.Equal(RequestStatus.NeedMoreData, KestrelTargets.ParseOurs(partial).Status);
        Assert.Equal(RequestStatus.Invalid, KestrelTargets.ParseKestrel(partial).View.Status);
        KestrelTargets.Upgrade(partial);
    }

    [Fact]
    public void A_del_in_a_field_value_is_kestrels_latitude_filtered_and_shown_escaped()
    {
        // RFC 9110 §5.5: a recipient MAY retain CTLs other than CR, LF and NUL in a field value; Kestrel's parser does.
        byte[] request = "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: web\u007fsocket\r\n\r\n"u8.ToArray();

        UpgradeRequestView theirs = KestrelTargets.ParseKestrel(request).View;

        Assert.Equal(RequestStatus.Invalid, KestrelTargets.ParseOurs(request).Status);
        Assert.Contains("upgrade: \"web\\x7Fsocket\"", theirs.ToString(), StringComparison.Ordinal);
        KestrelTargets.Upgrade(request);
    }

    private static byte[] Seed(string name) => File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "kestrel-upgrade", name));
}
