using MimeKit;

namespace Dmarc.Core.Ingestion;

/// <summary>Whether bytes are an RFC 5322 message a report can come in: a header block with From or Message-ID and a body.</summary>
public static class InboundMailCheck
{
    /// <summary>Null when the message is usable, else why not.</summary>
    public static string? Problem(ReadOnlyMemory<byte> message)
    {
        if (message.IsEmpty)
        {
            return "The message is empty.";
        }

        try
        {
            using var stream = new MemoryStream(message.ToArray(), writable: false);
            var headers = HeaderList.Load(stream);
            if (headers.Count == 0 || (!headers.Contains(HeaderId.From) && !headers.Contains(HeaderId.MessageId)))
            {
                return "The body is not an RFC 5322 message: it has no From or Message-ID header.";
            }

            return stream.Position >= stream.Length && headers.Count < 2
                ? "The body is not an RFC 5322 message: it is a header without a body."
                : null;
        }
        catch (FormatException ex)
        {
            return $"The body is not an RFC 5322 message: {ex.Message}";
        }
    }
}
