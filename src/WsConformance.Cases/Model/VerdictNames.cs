namespace WsConformance.Cases.Model;

/// <summary>The verdict strings Autobahn's reports use, so scripts written for them read ours unchanged (SLOW and ERROR are ours).</summary>
public static class VerdictNames
{
    public static string Of(Verdict verdict) => verdict switch
    {
        Verdict.Ok => "OK",
        Verdict.NonStrict => "NON-STRICT",
        Verdict.Informational => "INFORMATIONAL",
        Verdict.Unimplemented => "UNIMPLEMENTED",
        Verdict.Slow => "SLOW",
        Verdict.Failed => "FAILED",
        _ => "ERROR",
    };

    public static string Of(CloseVerdict verdict) => verdict switch
    {
        CloseVerdict.Ok => "OK",
        CloseVerdict.WrongCode => "WRONG CODE",
        CloseVerdict.Unclean => "UNCLEAN",
        CloseVerdict.FailedByClient => "FAILED BY CLIENT",
        CloseVerdict.Informational => "INFORMATIONAL",
        CloseVerdict.Unimplemented => "UNIMPLEMENTED",
        _ => "FAILED",
    };
}
