using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace WsConformance.Protocol.Tests.Properties;

public class CloseBodyProperties
{
    [Fact]
    public void Build_then_parse_returns_code_and_reason_with_exactly_the_deserved_violations()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0030UL, 0x1656_67b1UL).WithMaxTest(1000);
        Gen<int> codes = Gen.Frequency((3, Gen.Choose(0, ushort.MaxValue)), (2, Gen.Choose(990, 1020)), (1, Gen.Elements(2999, 3000, 4999, 5000)));
        var strict = new UTF8Encoding(false, true);

        Check.One(config, Prop.ForAll(codes.ToArbitrary(), Generators.Utf8ish.ToArbitrary(), (code, reason) =>
        {
            CloseBodyInfo info = CloseBody.Parse(CloseBody.Build((ushort)code, reason));
            bool reasonValid;
            try
            {
                strict.GetString(reason);
                reasonValid = true;
            }
            catch (DecoderFallbackException)
            {
                reasonValid = false;
            }

            var expected = new List<ViolationCode>();
            if (!CloseCodes.IsValidOnWire(code))
            {
                expected.Add(ViolationCode.InvalidCloseCode);
            }

            if (!reasonValid)
            {
                expected.Add(ViolationCode.InvalidCloseReasonUtf8);
            }

            return info.Code == code
                && info.Reason.Span.SequenceEqual(reason)
                && info.Violations.Select(v => v.Code).SequenceEqual(expected);
        }));
    }

    [Fact]
    public void Any_short_body_parses_without_throwing_and_one_byte_bodies_are_flagged()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0031UL, 0xd3a2_646dUL).WithMaxTest(500);
        Gen<byte[]> bodies = ArbMap.Default.GeneratorFor<byte>().ArrayOf().Select(b => b[..Math.Min(b.Length, 125)]);

        Check.One(config, Prop.ForAll(bodies.ToArbitrary(), body =>
        {
            CloseBodyInfo info = CloseBody.Parse(body);
            bool oneByte = info.Violations.Any(v => v.Code == ViolationCode.CloseBodyOneByte);
            return oneByte == (body.Length == 1) && info.Code.HasValue == (body.Length >= 2);
        }));
    }
}
