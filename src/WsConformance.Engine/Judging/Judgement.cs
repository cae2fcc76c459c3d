using WsConformance.Cases.Model;

namespace WsConformance.Engine.Judging;

/// <summary>Both verdicts of a case and why, in words a person can act on.</summary>
/// <param name="Result">Why <paramref name="Behavior"/> (Autobahn's <c>result</c>); for FAILED: requirement, expected, actual.</param>
/// <param name="ResultClose">Why <paramref name="BehaviorClose"/> (Autobahn's <c>resultClose</c>).</param>
/// <param name="Slow">The server answered correctly but only after a timer had run out.</param>
public sealed record Judgement(Verdict Behavior, CloseVerdict BehaviorClose, string Result, string ResultClose, bool Slow);
