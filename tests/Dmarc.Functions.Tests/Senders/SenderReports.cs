using System.Globalization;
using System.Text;

namespace Dmarc.Functions.Tests.Senders;

/// <summary>One generated record: a source IP, its count, and its DKIM signatures and SPF check as (domain, result).</summary>
internal sealed record SenderRow(string Ip, int Count, (string Domain, string Result)[] Dkim, (string Domain, string Result)? Spf, string HeaderFrom = "example.com");

/// <summary>Writes aggregate reports with the senders a test needs (real-looking IPs, chosen auth results).</summary>
internal static class SenderReports
{
    public static byte[] Xml(string reportId, string policyDomain, long begin, params SenderRow[] rows)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feedback>
              <report_metadata><org_name>senders.example</org_name><email>dmarc@senders.example</email><report_id>{reportId}</report_id>
                <date_range><begin>{begin}</begin><end>{begin + 3600}</end></date_range></report_metadata>
              <policy_published><domain>{policyDomain}</domain><p>none</p></policy_published>
            """);
        foreach (var row in rows)
        {
            var dkimAligned = row.Dkim.Any(d => d.Result == "pass" && (d.Domain == row.HeaderFrom || d.Domain.EndsWith("." + row.HeaderFrom, StringComparison.Ordinal)));
            var spfAligned = row.Spf is { Result: "pass" } s && (s.Domain == row.HeaderFrom || s.Domain.EndsWith("." + row.HeaderFrom, StringComparison.Ordinal));
            xml.Append(CultureInfo.InvariantCulture, $"""
                  <record><row><source_ip>{row.Ip}</source_ip><count>{row.Count}</count>
                    <policy_evaluated><disposition>none</disposition><dkim>{(dkimAligned ? "pass" : "fail")}</dkim><spf>{(spfAligned ? "pass" : "fail")}</spf></policy_evaluated></row>
                    <identifiers><header_from>{row.HeaderFrom}</header_from></identifiers>
                    <auth_results>{string.Concat(row.Dkim.Select(d => $"<dkim><domain>{d.Domain}</domain><selector>s1</selector><result>{d.Result}</result></dkim>"))}{(row.Spf is { } spf ? $"<spf><domain>{spf.Domain}</domain><scope>mfrom</scope><result>{spf.Result}</result></spf>" : "")}</auth_results></record>
                """);
        }

        xml.Append("</feedback>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
