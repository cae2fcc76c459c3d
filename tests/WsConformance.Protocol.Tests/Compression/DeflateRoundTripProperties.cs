using FsCheck;
using FsCheck.Fluent;
using WsConformance.Protocol.Compression;
using static WsConformance.Protocol.Tests.Compression.Inflation;

namespace WsConformance.Protocol.Tests.Compression;

public class DeflateRoundTripProperties
{
    public static TheoryData<int, bool> WindowsAndTakeover
    {
        get
        {
            var data = new TheoryData<int, bool>();
            foreach (var bits in Enumerable.Range(8, 8))
            {
                data.Add(bits, false);
                data.Add(bits, true);
            }

            return data;
        }
    }

    /// <summary>Messages that share words, so later ones refer back into earlier ones when the window is kept.</summary>
    private static Gen<byte[][]> Conversations =>
        Gen.Elements("alpha ", "beta ", "gamma ", "κόσμε ", "{\"id\": 17} ", "\u0000\u00ff", "zzzzzzzzzzzz")
            .ListOf().Select(words => System.Text.Encoding.UTF8.GetBytes(string.Concat(words)))
            .ArrayOf();

    [Theory]
    [MemberData(nameof(WindowsAndTakeover))]
    public void Every_conversation_survives_deflate_then_inflate(int windowBits, bool noContextTakeover)
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_7692UL + (ulong)windowBits, 0x9e37_79b9UL).WithMaxTest(60);
        Check.One(config, Prop.ForAll(Conversations.ToArbitrary(), messages =>
        {
            using var deflater = new MessageDeflater(windowBits, noContextTakeover);
            using var inflater = new MessageInflater(noContextTakeover);
            foreach (var message in messages)
            {
                var (status, inflated) = InflateMessage(inflater, deflater.Compress(message), chunkSize: 7);
                if (status != InflateStatus.Ok || !inflated.AsSpan().SequenceEqual(message))
                {
                    return false;
                }
            }

            return true;
        }));
    }

    [Theory]
    [MemberData(nameof(WindowsAndTakeover))]
    public void Large_repetitive_messages_survive_every_window(int windowBits, bool noContextTakeover)
    {
        var random = new Random(windowBits);
        var words = Enumerable.Range(0, 64).Select(_ => System.Text.Encoding.ASCII.GetBytes(random.Next().ToString("x", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        using var deflater = new MessageDeflater(windowBits, noContextTakeover);
        using var inflater = new MessageInflater(noContextTakeover);
        for (var round = 0; round < 3; round++)
        {
            var message = Enumerable.Range(0, 20_000).SelectMany(_ => words[random.Next(words.Length)]).ToArray();
            var (status, inflated) = InflateMessage(inflater, deflater.Compress(message), chunkSize: 4096);
            Assert.Equal(InflateStatus.Ok, status);
            Assert.True(inflated.AsSpan().SequenceEqual(message));
        }
    }
}
