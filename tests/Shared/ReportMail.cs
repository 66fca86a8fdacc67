using System.IO.Compression;
using System.Text;

namespace Dmarc.Tests.Shared;

/// <summary>Writes report e-mails for tests and benchmarks: each part gzip-compressed and attached in base64.</summary>
internal static class ReportMail
{
    /// <summary>Each part gzip-compressed as report1.xml.gz, report2.xml.gz, ...</summary>
    public static byte[] WithGzipParts(IEnumerable<byte[]> parts) =>
        WithAttachments(parts.Select((part, i) => ($"report{i + 1}.xml.gz", Gzip(part))));

    /// <summary>Each attachment as it is, sent as application/gzip.</summary>
    public static byte[] WithAttachments(IEnumerable<(string Name, byte[] Content)> attachments)
    {
        var mail = new StringBuilder("From: dmarc@reporter.example\r\nSubject: Reports\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        mail.Append("--b\r\nContent-Type: text/plain\r\n\r\nReports attached.\r\n");
        foreach (var (name, content) in attachments)
        {
            mail.Append("--b\r\nContent-Type: application/gzip; name=\"").Append(name).Append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(mail.Append("--b--\r\n").ToString());
    }

    public static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }
}
