using System.Runtime.InteropServices;

namespace Dmarc.Core.Reports;

/// <summary>Reads bytes already in memory as a stream, without copying them.</summary>
internal static class ReadOnlyMemoryStream
{
    public static MemoryStream Open(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
