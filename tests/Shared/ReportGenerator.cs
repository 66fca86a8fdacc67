using System.Globalization;
using System.Text;

namespace Dmarc.Tests.Shared;

/// <summary>
/// Writes valid aggregate reports of a chosen size for tests and benchmarks: records spread
/// over distinct source IPs and header-from domains, with a mix of results and dispositions.
/// </summary>
internal static class ReportGenerator
{
    public static string Xml(int records, int distinctIps, string policyDomain = "example.com", int domains = 1, string reportId = "generated-1", long begin = 1700000000, long end = 1700086399, int seed = 42)
    {
        var random = new Random(seed);
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">
              <version>1.0</version>
              <report_metadata><org_name>generator.example</org_name><email>dmarc@generator.example</email><report_id>{reportId}</report_id>
                <date_range><begin>{begin}</begin><end>{end}</end></date_range><generator>ReportGenerator</generator></report_metadata>
              <policy_published><domain>{policyDomain}</domain><p>none</p><sp>none</sp><np>none</np><testing>n</testing><discovery_method>treewalk</discovery_method></policy_published>
            """);
        for (var i = 0; i < records; i++)
        {
            var ip = i % Math.Max(1, distinctIps);
            var dkim = random.Next(4) == 0 ? "fail" : "pass";
            var spf = random.Next(3) == 0 ? "fail" : "pass";
            var disposition = dkim == "fail" && spf == "fail" ? (random.Next(2) == 0 ? "quarantine" : "reject") : "none";
            var from = domains <= 1 ? policyDomain : $"d{i % domains}.{policyDomain}";
            xml.Append(CultureInfo.InvariantCulture, $"""
                  <record><row><source_ip>10.{ip / 65536 % 256}.{ip / 256 % 256}.{ip % 256}</source_ip><count>{1 + random.Next(20)}</count>
                    <policy_evaluated><disposition>{disposition}</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>
                    <identifiers><header_from>{from}</header_from><envelope_from>{from}</envelope_from></identifiers>
                    <auth_results><dkim><domain>{from}</domain><selector>s{ip % 3}</selector><result>{dkim}</result></dkim><spf><domain>{from}</domain><scope>mfrom</scope><result>{spf}</result></spf></auth_results></record>
                """);
        }

        xml.Append("</feedback>\n");
        return xml.ToString();
    }
}
