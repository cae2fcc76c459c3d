namespace WsConformance.Cases.Tests;

public class ErrorReportingTests
{
    // CaseYaml.WithStep puts the step on line 8, starting at column 9.
    private const int StepLine = 8;

    private const string Family = """
        section: "6"
        title: T
        defaults:
          rfc: { section: "8.1", level: MUST, text: "x" }
          close: { by: harness, codes: [1000] }
        cases:
          - family:
              template:
                id: "6.{n}"
                title: "{kind} {m}"
                steps: []
                expect: { OK: [] }
              variants:
                by: kind
                a:
                  expect: { OK: [] }
                b:
                  verdict: INFORMATIONAL
              rows:
                - { n: 1, kind: a }
                - { n: 2, kind: c }
                - { n: 3, kind: b }
        """;

    public static TheoryData<string, int, int, string> InvalidInputs => new()
    {
        { CaseYaml.WithStep("send_frame: { opcod: text }"), StepLine, 23, "unknown key 'opcod' in send_frame (did you mean 'opcode'?)" },
        { CaseYaml.WithStep("send_frame: { opcode: text }").Replace("title: t", "titel: t", StringComparison.Ordinal), 5, 5, "unknown key 'titel' in case (did you mean 'title'?)" },
        { CaseYaml.WithStep("send_frame: { opcode: text, fin: yes }"), StepLine, 42, "expected true or false, got 'yes'" },
        { CaseYaml.WithStep("send_frame: { opcode: { a: 1 } }"), StepLine, 31, "expected an opcode, got a mapping" },
        { CaseYaml.WithStep("send_raw: { hex: \"81g0\" }"), StepLine, 26, "'g' is not a hex digit" },
        { CaseYaml.WithStep("send_raw: { hex: \"810\" }"), StepLine, 26, "hex must have an even number of digits, got 3" },
        { CaseYaml.WithStep("pause: 5 sec"), StepLine, 16, "expected a duration like 500ms or 1s, got '5 sec'" },
        { CaseYaml.WithStep("fail_after: 1h"), StepLine, 21, "expected a duration like 500ms or 1s, got '1h'" },
        { CaseYaml.WithStep("send_frame: { opcode: 16 }"), StepLine, 31, "expected one of: continuation, text, binary, close, ping, pong or a number from 0 to 15; got '16'" },
        { CaseYaml.WithStep("send_frame: { opcode: txt }"), StepLine, 31, "expected one of: continuation, text, binary, close, ping, pong or a number from 0 to 15; got 'txt'" },
        { CaseYaml.WithStep("send_frame: { opcode: text, rsv: 8 }"), StepLine, 42, "expected an integer from 0 to 7, got '8'" },
        { CaseYaml.WithStep("send_frame: { opcode: text, mask: 0102 }"), StepLine, 43, "expected random, none or 8 hex digits (the masking key); got '0102'" },
        { CaseYaml.WithStep("send_frame: { opcode: text, length_form: 32 }"), StepLine, 50, "expected one of: minimal, 16, 64; got '32'" },
        { CaseYaml.WithStep("send_fram: { opcode: text }"), StepLine, 9, "unknown step 'send_fram' (did you mean 'send_frame'?)" },
        { CaseYaml.WithStep("jump: 1"), StepLine, 9, "unknown step 'jump'; expected one of: send_frame, send_held, send_message, send_raw, close, ping, pong, pause, fail_after, close_after, reset_stream, echo_rounds" },
        { CaseYaml.WithStep("{ ping: a, pong: b }"), StepLine, 9, "expected a step: a mapping with one key, expected one of: send_frame, send_held, send_message, send_raw, close, ping, pong, pause, fail_after, close_after, reset_stream, echo_rounds" },
        { CaseYaml.WithStep("send_frame: { opcode: text, payload: abc, payload_now: 4 }"), StepLine, 64, "payload_now is 4 but the payload has only 3 bytes" },
        { CaseYaml.WithStep("send_held: 1"), StepLine, 20, "nothing is held back: send_held needs an earlier send_frame with payload_now smaller than its payload" },
        { CaseYaml.WithStep("send_frame: { opcode: text, payload: abc, payload_now: 1 }\n      - send_held: 3"), StepLine + 1, 20, "send_held sends 3 bytes but only 2 are held back" },
        { CaseYaml.WithStep("send_frame: { opcode: text, payload: abc, payload_now: 1 }\n      - send_held: all"), StepLine + 1, 20, "expected a byte count (1 or more) or rest, got 'all'" },
        { CaseYaml.WithStep("send_message: { payload: x }"), StepLine, 23, "missing required field 'type' in send_message" },
        { CaseYaml.WithStep("send_message: { type: text, payload: { text: a, hex: \"00\" } }"), StepLine, 57, "a payload has only one of: text, hex, repeat, deflated" },
        { CaseYaml.WithStep("send_message: { type: text, payload: { repeat: { text: a } } }"), StepLine, 56, "missing required field 'length' in repeat" },
        { CaseYaml.WithStep("send_message: { type: text, payload: { repeat: { hex: \"\", length: 2 } } }"), StepLine, 56, "repeat needs a non-empty pattern to fill a non-zero length" },
        { CaseYaml.WithStep("close: { reason: bye }"), StepLine, 18, "a close reason needs a code" },
        { CaseYaml.WithStep("close: { code: 1000, body: \"\" }"), StepLine, 30, "close takes either body or code and reason, not both" },
        { CaseYaml.WithStep("ping: [1]"), StepLine, 15, "expected a mapping for payload of ping, got a list" },
        { CaseYaml.WithStep("ping: a").Replace("steps:", "steps: 5\n    x:", StringComparison.Ordinal), 7, 12, "expected a list of steps, got a scalar" },
        { CaseYaml.WithExpect("{ PASS: [] }"), 8, 15, "expected one of: OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED; got 'PASS'" },
        { CaseYaml.WithExpect("{ OK: [ { mesage: { text: a } } ] }"), 8, 23, "unknown event 'mesage' (did you mean 'message'?)" },
        { CaseYaml.WithExpect("{ OK: [ { message: { hex: \"00\" } } ] }"), 8, 32, "a hex or repeat message needs type: text or binary" },
        { CaseYaml.WithExpect("{ OK: [ { message: { type: text } } ] }"), 8, 32, "missing required field 'length' in message" },
        { CaseYaml.WithExpect("{ OK: [ { message: { text: a, length: 1 } } ] }"), 8, 43, "length is only for messages given without content (the content fixes it)" },
        { CaseYaml.WithExpect("{ OK: [] }").Replace("by: harness", "by: client", StringComparison.Ordinal), 9, 18, "expected one of: harness, server, peer; got 'client'" },
        { CaseYaml.WithExpect("{ OK: [] }").Replace("codes: [1000]", "codes: [65536]", StringComparison.Ordinal), 9, 35, "expected an integer from 0 to 65535, got '65536'" },
        { CaseYaml.WithExpect("{ OK: [] }").Replace("codes: [1000]", "clean: always", StringComparison.Ordinal), 9, 12, "missing required field 'codes' in close" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "steps: []", "close: { by: harness, codes: [1000] }"), 4, 5, "missing required field 'expect' in case (set it on the case or in defaults)" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "expect: { OK: [] }", "close: { by: harness, codes: [1000] }"), 4, 5, "missing required field 'steps' in case (set it on the case or in defaults)" },
        { CaseYaml.File("id: a", "title: t", "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }"), 4, 5, "missing required field 'rfc' in case (set it on the case or in defaults)" },
        { CaseYaml.File("id: a", "title: t", "rfc: { section: \"5\", level: OUGHT, text: x }", "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }"), 6, 33, "expected one of: MUST, SHOULD, MAY; got 'OUGHT'" },
        { CaseYaml.File("id: \"\"", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }"), 4, 9, "expected a case id, got an empty string" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "handshake: { add: [ \"X-Bad\" ] }", "expect_handshake: [ { verdict: OK, accepted: true } ]"), 7, 25, "expected a header line 'Name: value', got 'X-Bad'" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "expect_handshake: [ { verdict: OK, accepted: true, refused: false } ]"), 7, 25, "an expect_handshake entry needs exactly one of: accepted: true, refused: true" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "expect_handshake: [ { verdict: OK, accepted: true, status: [200] } ]"), 7, 56, "status applies to refused answers only (an accepted answer is 101)" },
        { CaseYaml.File("id: a", "title: t", CaseYaml.Rfc, "expect_handshake: [ { verdict: FAILED, refused: true } ]"), 7, 36, "expected one of: OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED; got 'FAILED'" },
        { "section: \"1\"\ntitle: T\ncases:\n  - { id: a, title: t, " + CaseYaml.Rfc + ", steps: [], expect: { OK: [] }, close: { by: harness, codes: [1000] } }\n  - { id: a, title: u, " + CaseYaml.Rfc + ", steps: [], expect: { OK: [] }, close: { by: harness, codes: [1000] } }\n", 5, 11, "duplicate id 'a' (first defined at line 4)" },
        { "sections: \"1\"\ntitle: T\ncases: []\n", 1, 1, "unknown key 'sections' in case file (did you mean 'section'?)" },
        { "section: \"1\"\ntitle: T\n", 1, 1, "missing required field 'cases' in case file" },
        { "section: \"1\"\ntitle: T\ncases: [ 5 ]\n", 3, 10, "expected a case or a family (a mapping), got a scalar" },
        { "section: \"1\"\ntitle: T\ndefaults: { id: x }\ncases: []\n", 3, 13, "unknown key 'id' in defaults; expected one of: rfc, steps, bulk, expect, close, verdict, worst_verdict, handshake, expect_handshake, fail_after, compression, response, browser_limit, http2" },
        { "- a\n- b\n", 1, 1, "expected a mapping for case file, got a list" },
        { "", 1, 1, "the file is empty; expected a mapping with section, title and cases" },
        { "section: \"1\"\ntitle: T\ncases:\n\t- id: a\n", 4, 1, "YAML syntax: While scanning a mapping, found invalid tab as indentation." },
        { "section: \"1\"\ntitle: T\ncases: [ { id: a\n", 4, 1, "YAML syntax: While parsing a flow mapping, did not find expected ',' or '}'." },
        { "section: \"1\"\nsection: \"2\"\ncases: []\n", 2, 1, "YAML syntax: Duplicate key section" },
        { Family, 16, 11, "field 'expect' is set by both the template and variant 'a'" },
        { Family, 21, 25, "unknown variant 'c'; expected one of: a, b" },
        { Family, 10, 16, "unknown column 'm' in '{m}'; the rows have: n, kind (family row at line 20)" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Invalid_input_is_reported_at_its_position_with_what_was_expected(string yaml, int line, int column, string message)
    {
        var errors = CaseYaml.Errors(yaml);

        Assert.Contains(new CaseFileError(CaseYaml.FileName, line, column, message), errors);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once_in_position_order()
    {
        var yaml = CaseYaml.WithStep("send_frame: { opcode: 99, rsv: 9, fin: maybe }");

        var errors = CaseYaml.Errors(yaml);

        Assert.Equal([31, 40, 48], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal(StepLine, e.Line));
    }

    [Fact]
    public void Error_text_is_file_line_column_message()
    {
        var exception = Assert.Throws<CaseLoadException>(() => CaseYaml.Load(CaseYaml.WithStep("pause: soon")));

        var error = Assert.Single(exception.Errors);
        Assert.Equal("test.yaml:8:16: expected a duration like 500ms or 1s, got 'soon'", error.ToString());
        Assert.Contains(error.ToString(), exception.Message, StringComparison.Ordinal);
    }
}
