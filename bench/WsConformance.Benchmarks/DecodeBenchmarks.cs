using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WsConformance.Protocol;

namespace WsConformance.Benchmarks;

/// <summary>
/// Decode + unmask throughput of one masked client frame, through our <see cref="FrameDecoder"/> and through
/// System.Net.WebSockets (ManagedWebSocket, server side) reading the same bytes from a replaying stream.
/// </summary>
/// <remarks>
/// Our decoder unmasks in place, so every run works on the same buffer: after the first run the payload is
/// "unmasked" garbage, which costs exactly the same to XOR again (the header bytes are never touched).
/// ManagedWebSocket additionally copies from the stream into its buffer and into the caller's buffer; that
/// is inherent to its API and part of what is measured.
/// </remarks>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const uint MaskKey = 0x37fa213d;

    private readonly FrameDecoder _decoder = new();
    private byte[] _wire = [];
    private byte[] _work = [];
    private byte[] _receiveBuffer = [];
    private WebSocket? _socket;

    /// <summary>Payload bytes per frame: 16 B, 1 KiB, 64 KiB, 16 MiB.</summary>
    [Params(16, 1024, 64 * 1024, 16 * 1024 * 1024)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[PayloadSize];
        new Random(PayloadSize).NextBytes(payload);
        _wire = FrameEncoder.Encode(new FrameSpec(true, 0, Opcodes.Binary, true, MaskKey, payload));
        _work = [.. _wire];
        _receiveBuffer = new byte[PayloadSize];
        _socket = WebSocket.CreateFromStream(
            new ReplayStream(_wire), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    [GlobalCleanup]
    public void Cleanup() => _socket?.Dispose();

    [Benchmark(Baseline = true)]
    public int OurFrameDecoder()
    {
        Span<byte> input = _work;
        _decoder.Decode(input, out int consumed, out _, out _, out _);
        input = input[consumed..];
        int payloadBytes = 0;
        bool endOfFrame;
        do
        {
            _decoder.Decode(input, out consumed, out _, out Span<byte> payload, out endOfFrame);
            payloadBytes += payload.Length;
            input = input[consumed..];
        }
        while (!endOfFrame);

        return payloadBytes;
    }

    [Benchmark]
    public async Task<int> SystemNetWebSockets()
    {
        int payloadBytes = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket!.ReceiveAsync(_receiveBuffer.AsMemory(payloadBytes), CancellationToken.None);
            payloadBytes += result.Count;
        }
        while (!result.EndOfMessage);

        return payloadBytes;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }
}
