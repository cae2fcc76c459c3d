using System.Text;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

public class StepLoadingTests
{
    private static readonly PayloadSpec Hello = PayloadSpec.FromText("Hello");

    private static SendFrameStep Frame(byte opcode, PayloadSpec payload) =>
        new(opcode, Fin: true, Rsv: 0, Mask.ByRole, payload, DeclaredLength: null, LengthForm.Minimal, Transmission.Default);

    public static TheoryData<string, Step> ValidSteps => new()
    {
        { "send_frame: { opcode: text, payload: Hello }", Frame(1, Hello) },
        { "send_frame: { opcode: 0 }", Frame(0, PayloadSpec.Empty) },
        { "send_frame: { opcode: 15 }", Frame(15, PayloadSpec.Empty) },
        { "send_frame: { opcode: continuation }", Frame(0, PayloadSpec.Empty) },
        { "send_frame: { opcode: binary, fin: false, rsv: 7, mask: none }", Frame(2, PayloadSpec.Empty) with { Fin = false, Rsv = 7, Mask = Mask.None } },
        { "send_frame: { opcode: ping, mask: 0a0B0c0D }", Frame(9, PayloadSpec.Empty) with { Mask = new Mask(MaskMode.Fixed, 0x0A0B0C0Du) } },
        { "send_frame: { opcode: close, mask: random }", Frame(8, PayloadSpec.Empty) with { Mask = Mask.Random } },
        { "send_frame: { opcode: pong, declared_length: 18446744073709551615, length_form: 64 }", Frame(10, PayloadSpec.Empty) with { DeclaredLength = ulong.MaxValue, LengthForm = LengthForm.Extended64 } },
        { "send_frame: { opcode: text, length_form: 16 }", Frame(1, PayloadSpec.Empty) with { LengthForm = LengthForm.Extended16 } },
        { "send_frame: { opcode: text, length_form: minimal }", Frame(1, PayloadSpec.Empty) },
        { "send_frame: { opcode: text, chop: 1, chop_delay: 1ms, frame_wise: true }", Frame(1, PayloadSpec.Empty) with { Transmission = new Transmission(1, true, TimeSpan.FromMilliseconds(1)) } },
        { "send_frame: { opcode: text, payload: { hex: \"ce ba\\ne1\" } }", Frame(1, new BytesPayload([0xCE, 0xBA, 0xE1])) },
        { "send_frame: { opcode: text, payload: { text: \"κόσμε\" } }", Frame(1, PayloadSpec.FromText("κόσμε")) },
        { "send_frame: { opcode: binary, payload: { repeat: { hex: \"fe\", length: 125 } } }", Frame(2, new RepeatedPayload([0xFE], 125)) },
        { "send_frame: { opcode: text, payload: { repeat: { text: \"*\", length: 65536 } } }", Frame(1, new RepeatedPayload("*"u8.ToArray(), 65536)) },
        { "send_frame: { opcode: text, payload: \"\" }", Frame(1, PayloadSpec.Empty) },
        { "send_message: { type: text, payload: Hello }", new SendMessageStep(1, Hello, null, Transmission.Default) },
        { "send_message: { type: binary, fragment_size: 3, chop: 2 }", new SendMessageStep(2, PayloadSpec.Empty, 3, new Transmission(2, false, null)) },
        { "ping: Hello", Frame(9, Hello) },
        { "ping: \"\"", Frame(9, PayloadSpec.Empty) },
        { "pong: { hex: \"00ff\" }", Frame(10, new BytesPayload([0x00, 0xFF])) },
        { "close:", new CloseStep(PayloadSpec.Empty) },
        { "close: {}", new CloseStep(PayloadSpec.Empty) },
        { "close: { code: 1000 }", new CloseStep(new BytesPayload([0x03, 0xE8])) },
        { "close: { code: 1001, reason: \"ok\" }", new CloseStep(new BytesPayload([0x03, 0xE9, (byte)'o', (byte)'k'])) },
        { "close: { body: { hex: \"00\" } }", new CloseStep(new BytesPayload([0x00])) },
        { "pause: 1s", new PauseStep(TimeSpan.FromSeconds(1), null) },
        { "pause: { duration: 1.5s, tag: t1 }", new PauseStep(TimeSpan.FromSeconds(1.5), "t1") },
        { "fail_after: 500ms", new FailAfterStep(TimeSpan.FromMilliseconds(500)) },
        { "fail_after: 0.5ms", new FailAfterStep(TimeSpan.FromMilliseconds(0.5)) },
        { "close_after: 2m", new CloseAfterStep(TimeSpan.FromMinutes(2)) },
        { "reset_stream: 1s", new ResetStreamStep(TimeSpan.FromSeconds(1)) },
        { "echo_rounds: { count: 1000, type: binary, payload: { repeat: { hex: \"00\", length: 16 } } }", new EchoRoundsStep(1000, 2, new RepeatedPayload([0x00], 16)) },
    };

    [Theory]
    [MemberData(nameof(ValidSteps))]
    public void Valid_step_maps_to_the_expected_record(string yaml, Step expected) =>
        Assert.Equal(expected, CaseYaml.SingleStep(yaml));

    [Fact]
    public void Payload_now_holds_bytes_back_for_send_held()
    {
        var steps = Assert.Single(CaseYaml.Load(CaseYaml.WithStep(
            "send_frame: { opcode: text, payload: { hex: \"0102030405\" }, payload_now: 2 }\n      - send_held: 1\n      - send_held: rest")).Cases).Steps;

        Assert.Equal(2, Assert.IsType<SendFrameStep>(steps[0]).PayloadBytesNow);
        Assert.Equal(new SendHeldStep(1), steps[1]);
        Assert.Equal(new SendHeldStep(null), steps[2]);
    }

    [Fact]
    public void Send_raw_keeps_the_bytes_and_transmission()
    {
        var step = Assert.IsType<SendRawStep>(CaseYaml.SingleStep("send_raw: { hex: \"81 05 48\", chop: 1 }"));

        Assert.Equal(new byte[] { 0x81, 0x05, 0x48 }, step.Bytes);
        Assert.Equal(new Transmission(1, false, null), step.Transmission);
    }

    [Fact]
    public void Close_reason_is_utf8_after_the_big_endian_code()
    {
        var step = Assert.IsType<CloseStep>(CaseYaml.SingleStep("close: { code: 4999, reason: { text: \"κ\" } }"));

        Assert.Equal([0x13, 0x87, .. Encoding.UTF8.GetBytes("κ")], step.Body.ToBytes());
    }

    [Fact]
    public void Steps_keep_their_order_and_defaults_append_fail_after_last()
    {
        var yaml = "section: \"1\"\ntitle: T\ndefaults:\n  fail_after: 1s\ncases:\n  - id: a\n    title: t\n    " + CaseYaml.Rfc +
            "\n    steps: [ { ping: a }, { pause: 10ms } ]\n    expect: { OK: [] }\n    close: { by: harness, codes: [1000] }\n";

        var steps = Assert.Single(CaseYaml.Load(yaml).Cases).Steps;

        Assert.Collection(
            steps,
            s => Assert.IsType<SendFrameStep>(s),
            s => Assert.IsType<PauseStep>(s),
            s => Assert.Equal(new FailAfterStep(TimeSpan.FromSeconds(1)), s));
    }
}
