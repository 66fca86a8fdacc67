using System.IO.Compression;
using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

/// <summary>
/// Archives built to hurt a reader: each is refused with a reason, while the parser allocates a
/// bounded amount (measured on the parsing thread), and nothing is returned, so nothing is stored.
/// </summary>
public sealed class HostileArchiveTests
{
    private static readonly ReportLimits Small = new(4 * 1024 * 1024, 8 * 1024 * 1024, 16 * 1024 * 1024, 50_000, 32);

    /// <summary>What one refusal may allocate: a few times the limits, never the bomb's size.</summary>
    private const long AllocationBound = 96L * 1024 * 1024;

    [Fact]
    public void A_zip_entry_whose_declared_size_lies_low_is_read_only_to_that_size()
    {
        var zip = Zip(("report.xml", Spaces(64 * 1024 * 1024)));
        SetDeclaredSizes(zip, 100);

        // The entry's stream ends at the declared 100 bytes; the 64 MiB behind them are never inflated.
        Assert.StartsWith("bomb.zip/report.xml: The XML is not well-formed", Refusal(zip, "bomb.zip"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_that_declares_more_than_the_limit_is_refused_before_it_is_inflated()
    {
        var zip = Zip(("report.xml", Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1))));
        SetDeclaredSizes(zip, 3_000_000_000);

        Assert.Equal($"bomb.zip decompresses to more than {Small.MaxDecompressedBytes} bytes; reading stopped there.", Refusal(zip, "bomb.zip"));
    }

    [Fact]
    public void A_nested_zip_of_bombs_like_42_zip_is_stopped_at_its_first_leaf()
    {
        var leaf = Zip(("leaf.xml", Spaces(12 * 1024 * 1024)));
        var middle = Zip([.. Enumerable.Range(0, 16).Select(i => ($"l{i}.zip", leaf))]);
        var top = Zip([.. Enumerable.Range(0, 16).Select(i => ($"m{i}.zip", middle))]);
        Assert.True(top.Length < Small.MaxCompressedBytes, "256 leaves of 12 MiB, 3 GiB in all, fit under the compressed limit");

        Assert.Equal($"42.zip/m0.zip/l0.zip decompresses to more than {Small.MaxDecompressedBytes} bytes; reading stopped there.", Refusal(top, "42.zip"));
    }

    [Fact]
    public void Containers_nested_deeper_than_four_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1));
        for (var i = 0; i < 6; i++)
        {
            bytes = i % 2 == 0 ? ReportMail.Gzip(bytes) : Zip(("r", bytes));
        }

        Assert.EndsWith("nests containers more than 4 deep.", Refusal(bytes, "deep.zip"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_with_100000_entries_is_refused_by_its_entry_count()
    {
        var entries = Enumerable.Range(0, 100_000).Select(i => ($"e{i}", Array.Empty<byte>())).ToArray();
        var zip = Zip(entries);

        Assert.Equal("many.zip holds 100000 entries; a report archive holds one, and more than 16 are refused.", Refusal(zip, "many.zip", Small with { MaxCompressedBytes = 25 * 1024 * 1024 }));
    }

    [Theory]
    [InlineData("../../etc/cron.d/report.xml")]
    [InlineData("/etc/report.xml")]
    [InlineData("..\\..\\report.xml")]
    [InlineData("C:/reports/report.xml")]
    public void A_zip_entry_named_outside_the_archive_is_refused(string entryName)
    {
        var zip = Zip((entryName, Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1))));

        Assert.Equal($"r.zip holds an entry named '{entryName}', which points outside the archive.", Refusal(zip, "r.zip"));
    }

    [Fact]
    public void A_bomb_in_gzip_in_gzip_in_gzip_is_stopped_at_the_inner_limit()
    {
        var bytes = ReportMail.Gzip(ReportMail.Gzip(ReportMail.Gzip(Spaces(256 * 1024 * 1024))));
        Assert.True(bytes.Length < 64 * 1024, $"{bytes.Length} bytes");

        Assert.Equal($"triple.gz (gzip) (gzip) decompressed is larger than the limit of {Small.MaxDecompressedBytes} bytes; reading stopped there.", Refusal(bytes, "triple.gz"));
    }

    [Fact]
    public void A_report_in_gzip_in_gzip_in_gzip_is_read()
    {
        var bytes = ReportMail.Gzip(ReportMail.Gzip(ReportMail.Gzip(Encoding.UTF8.GetBytes(ReportGenerator.Xml(3, 3)))));

        Assert.Equal(3, Assert.Single(ReportParser.Parse(bytes, Small, "triple.gz")).Records.Count);
    }

    [Theory]
    [InlineData("<!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>", "&i;")]
    [InlineData("<!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;")]
    [InlineData("<!DOCTYPE feedback SYSTEM \"http://127.0.0.1:9/feedback.dtd\">", "")]
    public void A_billion_laughs_or_an_external_entity_is_refused_without_expansion(string doctype, string reference)
    {
        var xml = ReportGenerator.Xml(1, 1).Replace("<feedback", doctype + "<feedback", StringComparison.Ordinal)
            .Replace("<org_name>", "<org_name>" + reference, StringComparison.Ordinal);

        Assert.Equal("x.xml: The XML has a DTD, which is not allowed in reports.", Refusal(Encoding.UTF8.GetBytes(xml), "x.xml"));
    }

    [Fact]
    public void A_message_with_thousands_of_parts_is_refused_by_its_part_count()
    {
        var mail = new StringBuilder("From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 5000; i++)
        {
            mail.Append("--b\r\nContent-Type: text/plain\r\n\r\npart ").Append(i).Append("\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(mail.Append("--b--\r\n").ToString());

        Assert.Equal("parts.eml holds more than 100 MIME parts; a report e-mail holds a few.", Refusal(bytes, "parts.eml"));
    }

    [Fact]
    public void A_message_nested_a_hundred_levels_deep_is_refused_by_its_depth()
    {
        var inner = "Content-Type: application/xml; name=\"r.xml\"\r\n\r\n" + ReportGenerator.Xml(1, 1);
        for (var level = 0; level < 100; level++)
        {
            inner = $"Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n{inner}\r\n--b{level}--\r\n";
        }

        var bytes = Encoding.ASCII.GetBytes("From: a@b.example\r\nMIME-Version: 1.0\r\n" + inner);

        Assert.Equal("nested.eml nests MIME parts more than 8 deep.", Refusal(bytes, "nested.eml"));
    }

    [Fact]
    public void Every_part_of_one_document_draws_on_one_budget()
    {
        // Three gzip attachments of 6 MiB each: each under the 8 MiB part limit, together over the 16 MiB budget.
        var part = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 14_000, distinctIps: 14_000));
        Assert.InRange(part.Length, 5 * 1024 * 1024, 8 * 1024 * 1024);
        var mail = ReportMail.WithGzipParts([part, part, part]);

        Assert.Contains("16777216", Refusal(mail, "three.eml"), StringComparison.Ordinal);
    }

    /// <summary>The reason the parser gives, asserting that it allocated within the bound while refusing.</summary>
    private static string Refusal(byte[] input, string source, ReportLimits? limits = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(input, limits ?? Small, source));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound + input.Length, $"{source}: {allocated} bytes allocated while refusing it.");
        return error.Message;
    }

    private static byte[] Spaces(int length)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, (byte)' ');
        "<feedback>"u8.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Rewrites the uncompressed size in every local and central header, as a lying archiver would.</summary>
    private static void SetDeclaredSizes(byte[] zip, uint size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            switch (BitConverter.ToUInt32(zip, i))
            {
                case 0x04034b50 when i + 26 <= zip.Length:
                    BitConverter.TryWriteBytes(zip.AsSpan(i + 22), size);
                    break;
                case 0x02014b50 when i + 28 <= zip.Length:
                    BitConverter.TryWriteBytes(zip.AsSpan(i + 24), size);
                    break;
            }
        }
    }
}
