using System.Globalization;
using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Writing;

/// <summary>
/// Writes case definitions of the kinds the fuzzer makes as a case file in the normal format (cases/README.md),
/// so <c>wsconf run --cases DIR</c> replays them. The inverse of the loader for these steps and expectations:
/// send_frame with a fixed key (or none), pause, close, fail_after, close_after; message, pong and timeout events.
/// </summary>
/// <remarks>
/// The format holds one event list per verdict. Where the model accepts several (a pong may overtake an echo; a
/// server may fail before some echoes), the first — the in-order one — is written and the others are listed in a
/// comment: a server that FAILED still FAILS on replay, but a server that chose another accepted order would too.
/// </remarks>
public static class CaseFileWriter
{
    /// <summary>The file text for <paramref name="cases"/>, each preceded by its comment lines.</summary>
    public static string Write(string title, IReadOnlyList<(CaseDefinition Case, IReadOnlyList<string> Comments)> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by wsconf fuzz property: minimal counterexamples, replayable with wsconf run --cases <this folder>.");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"section: {Running.ConversationCases.Section}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"title: {YamlText.Quote(title)}");
        yaml.AppendLine("cases:");
        foreach (var (definition, comments) in cases)
        {
            WriteCase(yaml, definition, comments);
        }

        return yaml.ToString();
    }

    private static void WriteCase(StringBuilder yaml, CaseDefinition definition, IReadOnlyList<string> comments)
    {
        foreach (var comment in comments)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  # {comment}");
        }

        var requirement = definition.Requirement;
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: {YamlText.Quote(definition.Id)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    title: {YamlText.Quote(definition.Title)}");
        yaml.AppendLine("    rfc:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"      section: {YamlText.Quote(requirement.RfcSection)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"      level: {requirement.Level.ToString().ToUpperInvariant()}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"      text: {YamlText.Quote(requirement.Text)}");
        if (definition.Expectation.ForcedVerdict is { } forced)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    verdict: {YamlText.Verdict(forced)}");
        }

        yaml.AppendLine("    steps:");
        foreach (var step in definition.Steps)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - {Step(step)}");
        }

        WriteExpectation(yaml, definition.Expectation);
    }

    private static void WriteExpectation(StringBuilder yaml, Expectation expectation)
    {
        var written = expectation.Alternatives.GroupBy(a => a.Verdict).Select(g => g.First()).ToList();
        var unwritten = expectation.Alternatives.Except(written).ToList();
        foreach (var alternative in unwritten)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture,
                $"    # also {YamlText.Verdict(alternative.Verdict)} (the format holds one list per verdict): [{string.Join(", ", alternative.Events.Select(Event))}]");
        }

        yaml.AppendLine("    expect:");
        foreach (var alternative in written)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      {YamlText.Verdict(alternative.Verdict)}:{(alternative.Events.Count == 0 ? " []" : "")}");
            foreach (var expected in alternative.Events)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"        - {Event(expected)}");
            }
        }

        var close = expectation.Close;
        var flags = new StringBuilder();
        AppendFlag(flags, "wrong_code_fails", close.WrongCodeFails);
        AppendFlag(flags, "wrong_closer_fails", close.WrongCloserFails);
        AppendFlag(flags, "wrong_closer_non_strict", close.WrongCloserNonStrict);
        AppendFlag(flags, "nothing_after_close", close.NothingAfterClose);
        yaml.AppendLine(CultureInfo.InvariantCulture,
            $"    close: {{ by: {(close.ClosedBy == Closer.Harness ? "harness" : "server")}, codes: [{string.Join(", ", close.Codes)}], clean: {(close.RequireClean ? "required" : "optional")}{flags} }}");
        yaml.AppendLine();
    }

    private static void AppendFlag(StringBuilder flags, string name, bool value)
    {
        if (value)
        {
            flags.Append(CultureInfo.InvariantCulture, $", {name}: true");
        }
    }

    private static string Step(Step step) => step switch
    {
        SendFrameStep frame => SendFrame(frame),
        PauseStep pause => pause.Tag is { } tag
            ? $"pause: {{ duration: {YamlText.Duration(pause.Duration)}, tag: {YamlText.Quote(tag)} }}"
            : $"pause: {{ duration: {YamlText.Duration(pause.Duration)} }}",
        CloseStep close => close.Body.Length == 0 ? "close: {}" : $"close: {{ body: {YamlText.Payload(close.Body.ToBytes())} }}",
        FailAfterStep failAfter => $"fail_after: {YamlText.Duration(failAfter.After)}",
        CloseAfterStep closeAfter => $"close_after: {YamlText.Duration(closeAfter.After)}",
        _ => throw new ArgumentException($"The fuzzer never writes a {step.GetType().Name}.", nameof(step)),
    };

    /// <summary>The mask field, or null for the default (masked as the harness's role requires).</summary>
    private static string? MaskField(Mask mask) => mask.Mode switch
    {
        MaskMode.None => "mask: none",
        MaskMode.Fixed => string.Create(CultureInfo.InvariantCulture, $"mask: \"{mask.Key:x8}\""),
        MaskMode.Random => "mask: random",
        _ => null,
    };

    private static string SendFrame(SendFrameStep frame)
    {
        var fields = new List<string>
        {
            $"opcode: {OpcodeName(frame.Opcode)}",
            $"fin: {YamlText.Bool(frame.Fin)}",
        };
        if (frame.Rsv != 0)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"rsv: {frame.Rsv}"));
        }

        if (MaskField(frame.Mask) is { } mask)
        {
            fields.Add(mask);
        }

        fields.Add($"payload: {YamlText.Payload(frame.Payload.ToBytes())}");
        if (frame.DeclaredLength is { } declared)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"declared_length: {declared}"));
        }

        if (frame.LengthForm != LengthForm.Minimal)
        {
            fields.Add(frame.LengthForm == LengthForm.Extended16 ? "length_form: 16" : "length_form: 64");
        }

        if (frame.Transmission.ChopSize is { } chop)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"chop: {chop}"));
        }

        if (frame.Transmission.FrameWise)
        {
            fields.Add("frame_wise: true");
        }

        return $"send_frame: {{ {string.Join(", ", fields)} }}";
    }

    private static string Event(ExpectedEvent expected) => expected switch
    {
        ExpectedMessage message => $"message: {{ type: {(message.Opcode == Opcodes.Text ? "text" : "binary")}, {YamlText.MessageContent(message.Content!.ToBytes())} }}",
        ExpectedPong pong => $"pong: {YamlText.Payload(pong.Payload.ToBytes())}",
        ExpectedPing ping => $"ping: {YamlText.Payload(ping.Payload.ToBytes())}",
        ExpectedTimeout timeout => $"timeout: {YamlText.Quote(timeout.Tag)}",
        _ => throw new ArgumentException($"Unknown event {expected.GetType().Name}.", nameof(expected)),
    };

    private static string OpcodeName(byte opcode) => opcode switch
    {
        Opcodes.Continuation => "continuation",
        Opcodes.Text => "text",
        Opcodes.Binary => "binary",
        Opcodes.Close => "close",
        Opcodes.Ping => "ping",
        Opcodes.Pong => "pong",
        _ => opcode.ToString(CultureInfo.InvariantCulture),
    };
}
