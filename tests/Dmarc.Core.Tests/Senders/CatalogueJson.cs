namespace Dmarc.Core.Tests.Senders;

/// <summary>Builds catalogue files as text, so tests can load small or malformed catalogues.</summary>
internal static class CatalogueJson
{
    public static string Service(
        string id,
        string name = "Example",
        string category = "\"transactional\"",
        string rdns = "[]",
        string dkim = "[]",
        string spf = "[]",
        string asns = "[]",
        string sources = "[\"https://docs.example/spf\"]") =>
        $$"""
        { "id": "{{id}}", "name": "{{name}}", "category": {{category}}, "reverseDnsDomains": {{rdns}},
          "dkimDomains": {{dkim}}, "spfDomains": {{spf}}, "asns": {{asns}}, "sources": {{sources}} }
        """;

    public static string Services(params string[] entries) => $$"""{ "about": "test", "services": [{{string.Join(",", entries)}}] }""";

    public static string Network(string id, string asns = "[4000]", string sources = "[\"https://docs.example/asn\"]") =>
        $$"""{ "id": "{{id}}", "name": "Network {{id}}", "asns": {{asns}}, "sources": {{sources}} }""";

    public static string Networks(params string[] entries) => $$"""{ "networks": [{{string.Join(",", entries)}}] }""";
}
