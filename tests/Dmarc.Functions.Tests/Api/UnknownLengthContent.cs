using System.Net;

namespace Dmarc.Functions.Tests.Api;

/// <summary>A body whose length is not known before it is sent, so HttpClient sends it chunked, in two writes.</summary>
public sealed class UnknownLengthContent(byte[] body) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var half = body.Length / 2;
        await stream.WriteAsync(body.AsMemory(0, half));
        await stream.FlushAsync();
        await stream.WriteAsync(body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
