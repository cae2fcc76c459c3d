namespace WsConformance.Fuzzing.Targets;

/// <summary>A data message as a receiver handed it to its application: text or binary, its length and CRC-32C.</summary>
internal readonly record struct DeliveredMessage(bool Text, long Length, uint Crc)
{
    public override string ToString() => $"{(Text ? "text" : "binary")} {Length} bytes crc {Crc:x8}";

    /// <summary>Folds the pieces of one message as they are delivered; chunking does not change the result.</summary>
    public struct Builder
    {
        private uint _crc;
        private long _length;

        public void Append(ReadOnlySpan<byte> piece) => (_crc, _length) = (Checksum.Crc32C(_crc, piece), _length + piece.Length);

        /// <summary>The message so far, and a fresh start for the next one.</summary>
        public DeliveredMessage End(bool text)
        {
            var message = new DeliveredMessage(text, _length, _crc);
            (_crc, _length) = (0, 0);
            return message;
        }
    }
}
