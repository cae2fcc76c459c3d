using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

public class FamilyExpansionTests
{
    private const string Utf8Family = """
        section: "6"
        title: UTF-8 Handling
        defaults:
          rfc: { section: "8.1", level: MUST, text: "fail on invalid UTF-8" }
        cases:
          - family:
              template:
                id: "6.5.{n}"
                autobahn: "6.5.{n}"
                title: "Send a text message with payload which is {validity} UTF-8 in one fragment."
                steps:
                  - send_message: { type: text, payload: { hex: "{hex}" } }
                  - fail_after: 500ms
              variants:
                by: validity
                valid:
                  expect: { OK: [ { message: { hex: "{hex}", type: text } } ] }
                  close: { by: harness, codes: [1000], clean: required }
                invalid:
                  expect: { OK: [] }
                  close: { by: server, codes: [1007], clean: optional, wrong_closer_fails: true }
              rows:
                - { n: 1, hex: "68656c6c6f24776f726c64", validity: valid }
                - { n: 2, hex: "ce", validity: invalid }
                - { n: 10, hex: "cebae1bdb9cf83cebcceb5", validity: valid }
        """;

    [Fact]
    public void Table_with_variants_expands_one_case_per_row()
    {
        var cases = CaseYaml.Load(Utf8Family).Cases;

        Assert.Equal(["6.5.1", "6.5.2", "6.5.10"], cases.Select(c => c.Id));
        Assert.Equal(["6.5.1", "6.5.2", "6.5.10"], cases.Select(c => c.AutobahnId));
        Assert.Equal("Send a text message with payload which is invalid UTF-8 in one fragment.", cases[1].Title);
        Assert.All(cases, c => Assert.Equal("6", c.Section));
        Assert.All(cases, c => Assert.Equal("fail on invalid UTF-8", c.Requirement.Text));
    }

    [Fact]
    public void Row_values_are_substituted_into_steps_and_the_variant_picks_expectations()
    {
        var cases = CaseYaml.Load(Utf8Family).Cases;

        var valid = cases[0];
        Assert.Equal(new SendMessageStep(1, PayloadSpec.FromText("hello$world"), null, Transmission.Default), valid.Steps[0]);
        Assert.Equal(new FailAfterStep(TimeSpan.FromMilliseconds(500)), valid.Steps[1]);
        var echo = Assert.Single(Assert.Single(valid.Expectation.Alternatives).Events);
        Assert.Equal(new ExpectedMessage(1, PayloadSpec.FromText("hello$world"), 11), echo);
        Assert.Equal(Closer.Harness, valid.Expectation.Close.ClosedBy);

        var invalid = cases[1];
        Assert.Equal(new BytesPayload([0xCE]), ((SendMessageStep)invalid.Steps[0]).Payload);
        Assert.Empty(Assert.Single(invalid.Expectation.Alternatives).Events);
        Assert.Equal((Closer.Peer, 1007), (invalid.Expectation.Close.ClosedBy, Assert.Single(invalid.Expectation.Close.Codes)));
        Assert.True(invalid.Expectation.Close.WrongCloserFails);
    }

    [Fact]
    public void A_string_that_is_exactly_a_placeholder_takes_the_value_with_its_type()
    {
        var section = CaseYaml.Load("""
            section: "9"
            title: Limits
            defaults:
              rfc: { section: "5.4", level: MUST, text: "x" }
              close: { by: harness, codes: [1000] }
            cases:
              - family:
                  template:
                    id: "9.1.{n}"
                    title: "{size} bytes"
                    bulk: true
                    steps:
                      - send_message: { type: text, payload: "{payload}" }
                    expect: { OK: [ { message: { type: text, length: "{size}" } } ] }
                  rows:
                    - { n: 1, size: 65536, payload: { repeat: { text: "*", length: 65536 } } }
                    - { n: 2, size: 3, payload: abc }
            """);

        var (first, second) = (section.Cases[0], section.Cases[1]);
        Assert.Equal(new RepeatedPayload("*"u8.ToArray(), 65536), ((SendMessageStep)first.Steps[0]).Payload);
        Assert.Equal(new ExpectedMessage(1, null, 65536), first.Expectation.Alternatives[0].Events[0]);
        Assert.Equal("65536 bytes", first.Title);
        Assert.Equal(PayloadSpec.FromText("abc"), ((SendMessageStep)second.Steps[0]).Payload);
        Assert.True(second.BulkTraffic);
    }

    [Fact]
    public void Errors_in_substituted_text_name_the_row()
    {
        var yaml = Utf8Family.Replace("hex: \"ce\", validity", "hex: \"c\", validity", StringComparison.Ordinal);

        var error = Assert.Single(CaseYaml.Errors(yaml));

        // The template's "{hex}" in the send_message step, reported for the row on line 24.
        Assert.Equal((12, 57), (error.Line, error.Column));
        Assert.Equal("hex must have an even number of digits, got 1 (family row at line 24)", error.Message);
    }
}
