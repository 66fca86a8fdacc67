using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

public class EvidenceBuilderTests
{
    private static readonly PublishedPolicy Relaxed = new("example.com", "none", null, null, null, null, null, null, null, null);

    [Theory]
    [InlineData("example.com", "example.com", null, true)]
    [InlineData("mail.example.com", "example.com", "r", true)]
    [InlineData("mail.example.com", "example.com", "s", false)]
    [InlineData("example.com", "example.com", "s", true)]
    [InlineData("example.co.uk", "other.co.uk", null, false)]
    [InlineData("news.example.co.uk", "example.co.uk", null, true)]
    [InlineData("sendgrid.net", "example.com", null, false)]
    public void Alignment_is_strict_on_the_name_or_relaxed_on_the_organisational_domain(string domain, string headerFrom, string? mode, bool aligned) =>
        Assert.Equal(aligned, EvidenceBuilder.Aligned(domain, headerFrom, mode));

    [Fact]
    public void A_record_keeps_header_from_every_signature_and_the_mail_from_check_with_alignment()
    {
        var record = Record("Example.COM", [new("example.com", "s1", "pass", null), new("sendgrid.net", "s2", "pass", null)], [new("helo.example.net", "helo", "pass", null), new("bounce.example.com", "mfrom", "softfail", null)]);

        var evidence = EvidenceBuilder.For(record, Relaxed, 7);

        Assert.Equal("example.com", evidence.HeaderFrom);
        Assert.Equal([new DkimEvidence("example.com", "s1", "pass", true), new DkimEvidence("sendgrid.net", "s2", "pass", false)], evidence.Dkim);
        Assert.Equal(new SpfEvidence("bounce.example.com", "softfail", true), evidence.Spf);
        Assert.Equal(7, evidence.Messages);
        Assert.True(evidence.LooksForwarded);
    }

    [Fact]
    public void A_mailing_list_that_broke_the_authors_signature_and_signed_with_its_own_looks_forwarded()
    {
        var list = EvidenceBuilder.For(Record("example.com", [new("example.com", "s1", "fail", null), new("lists.example.org", "l", "pass", null)], [new("lists.example.org", "mfrom", "pass", null)]), Relaxed, 1);
        var direct = EvidenceBuilder.For(Record("example.com", [new("example.com", "s1", "pass", null)], [new("example.com", "mfrom", "pass", null)]), Relaxed, 1);

        Assert.True(list.LooksForwarded);
        Assert.False(direct.LooksForwarded);
    }

    [Fact]
    public void Evidence_from_hostile_reports_is_bounded_in_identities_signatures_and_length()
    {
        var longDomain = string.Join('.', Enumerable.Repeat(new string('a', 60), 8)) + ".example";
        var records = Enumerable.Range(0, 40).Select(i => Record(
            $"d{i}.example.com",
            [.. Enumerable.Range(0, 9).Select(j => new DkimAuthResult(longDomain, new string('s', 500), "pass" + new string('x', 100), null))],
            [new(longDomain, "mfrom", "pass", null)],
            count: i + 1));

        var merged = EvidenceBuilder.Merge(records.Select(r => EvidenceBuilder.For(r, Relaxed, r.Count)));

        Assert.Equal(EvidenceBuilder.MaxIdentities, merged.Count);
        Assert.Equal(40, merged[0].Messages);
        Assert.All(merged, e => Assert.Equal(EvidenceBuilder.MaxSignatures, e.Dkim.Count));
        Assert.All(merged.SelectMany(e => e.Dkim), d => Assert.True(d.Domain.Length <= 253 && d.Selector!.Length <= 63 && d.Result.Length <= 16));
    }

    [Fact]
    public void Records_of_one_ip_on_one_day_add_up_their_evidence_by_identity()
    {
        var xml = ReportGenerator.Xml(records: 30, distinctIps: 2, begin: 1700006400, end: 1700092799, seed: 7);
        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(xml)).Single();

        var rows = DailyBuckets.Split(report);

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Total, r.Evidence.Sum(e => e.Messages)));
        Assert.All(rows, r => Assert.Equal(r.Evidence.Count, r.Evidence.DistinctBy(e => (e.Dkim[0].Result, e.Dkim[0].Selector, e.Spf!.Result)).Count()));
        Assert.All(rows, r => Assert.Equal(r.DkimAlignedPass, r.Evidence.Where(e => e.Dkim.Any(d => d.AlignedPass)).Sum(e => e.Messages)));
    }

    private static ReportRecord Record(string headerFrom, DkimAuthResult[] dkim, SpfAuthResult[] spf, long count = 1) =>
        new("192.0.2.1", count, "none", "pass", "pass", [], headerFrom, null, null, dkim, spf);
}
