using System.Text.Json;
using Dmarc.Cli;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

public class CliTests
{
    [Fact]
    public void Json_output_and_the_summary_line_over_the_extract_folder()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = ParseCommand.Run([RepoPaths.CorpusFile("extract_report"), "--json"], stdout, stderr);

        Assert.Equal(0, code);
        var lines = stdout.ToString().TrimEnd().Split('\n');
        Assert.Equal("reports: 4, records: 80, messages: 12188, failed: 0", lines[^1].TrimEnd('\r'));
        var reports = JsonDocument.Parse(string.Join('\n', lines[..^1])).RootElement;
        var first = reports[0];
        foreach (var field in new[] { "orgName", "reportId", "policyDomain", "begin", "end", "policy", "records" })
        {
            Assert.True(first.TryGetProperty(field, out _), field);
        }

        Assert.EndsWith("Z", first.GetProperty("begin").GetString(), StringComparison.Ordinal);
        var record = first.GetProperty("records")[0];
        Assert.True(record.TryGetProperty("dkimResults", out _) && record.TryGetProperty("spfResults", out _) && record.TryGetProperty("sourceIp", out _));
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void A_failing_file_is_named_on_stderr_and_the_exit_code_is_not_zero()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = ParseCommand.Run([RepoPaths.CorpusFile("aggregate")], stdout, stderr);

        Assert.Equal(1, code);
        Assert.Equal("reports: 18, records: 2305, messages: 2434, failed: 1", stdout.ToString().Trim());
        Assert.Contains("invalid_xml.xml: invalid_xml.xml: The XML is not well-formed", stderr.ToString(), StringComparison.Ordinal);
    }
}
