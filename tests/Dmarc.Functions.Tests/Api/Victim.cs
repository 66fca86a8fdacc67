using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Api;

/// <summary>
/// An account with something of everything (a zone, a monitored domain, a member, an alert, a
/// task, its keys) whose identifiers fill the path of every operation, and a valid body for each
/// operation that takes one.
/// </summary>
internal sealed class Victim
{
    private Victim(string accountId, string ownerKey, string domain, IReadOnlyDictionary<string, string> pathValues)
    {
        AccountId = accountId;
        OwnerKey = ownerKey;
        Domain = domain;
        PathValues = pathValues;
    }

    public string AccountId { get; }

    public string OwnerKey { get; }

    public string Domain { get; }

    public IReadOnlyDictionary<string, string> PathValues { get; }

    public string Owner => $"owner@{Domain}";

    public static async Task<Victim> CreateAsync(DmarcAppFactory app)
    {
        var domain = $"victim-{app.Prefix}.example";
        var (id, key) = await OpenApiDrivenTests.CreateAccountAsync(app, "Victim Co", $"owner@{domain}");
        using var owner = app.CreateClientWith(key);
        (await owner.PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = domain, kind = "Primary", dnssec = "NotSigned" })).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync($"/api/accounts/{id}/domains", new { domain })).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = $"member@{domain}", role = "Member" })).EnsureSuccessStatusCode();
        var alert = await (await owner.PostAsJsonAsync("/api/alerts", new { type = "NewServices", email = $"owner@{domain}", domain })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var task = await (await owner.PostAsync(new Uri($"/api/accounts/{id}/monitoring:enable?dryRun=true", UriKind.Relative), null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var keyId = (await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/keys"))![0].GetProperty("id").GetString()!;
        var values = new Dictionary<string, string>
        {
            ["accountId"] = id,
            ["zone"] = domain,
            ["domain"] = domain,
            ["name"] = "www",
            ["type"] = "TXT",
            ["email"] = $"member@{domain}",
            ["keyId"] = keyId,
            ["alertId"] = alert.GetProperty("id").GetString()!,
            ["taskId"] = task.GetProperty("taskId").GetString()!,
            ["id"] = "q_00000000000000000000",
            ["reportId"] = "2026-W01",
            ["chart"] = "disposition.png",
            ["senderId"] = "service-unknown",
            ["queue"] = "zone-tasks",
            ["action"] = "pause",
        };
        return new Victim(id, key, domain, values);
    }

    /// <summary>True when the text names the victim's account or domain.</summary>
    public bool Appears(string text) =>
        text.Contains(AccountId, StringComparison.Ordinal) || text.Contains(Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>A body the operation accepts from the victim's owner (null when it takes none).</summary>
    public string? ValidBody(OpenApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        object? body = operation.Id switch
        {
            "CreateAccount" => new { name = "New Co", ownerEmails = new[] { "owner@new-co.example" }, edition = "Monitor" },
            "CreateZone" => new { name = "sub." + Domain, kind = "Primary", dnssec = "NotSigned" },
            "PutRecordSet" => new { ttl = 300, values = new[] { "hello" }, pool = "" },
            "DisableMonitoring" => new { domains = new[] { Domain } },
            "SignUp" => new { email = "someone@" + Domain, domain = Domain },
            "ConfirmSignup" or "ConfirmAccessRequest" => new { token = "not-a-signed-token" },
            "RequestAccess" => new { domain = Domain, requesterEmail = "someone@" + Domain, message = "Please" },
            "AddUser" => new { email = "new@" + Domain, role = "Member" },
            "CreateAlert" => new { type = "NewServices", email = Owner, domain = Domain },
            "SetAccountSecurity" => new { mfaRequired = false, ssoProvider = "none" },
            "SetUserMfa" => new { enabled = true },
            "AddDomain" => new { domain = "other." + Domain },
            "SetDomainMode" => new { mode = "Blocked", force = false },
            "IssueKey" => new { email = Owner },
            "StartReprocess" => new { domain = Domain, dryRun = true },
            "ImportZoneFile" => null,
            _ when operation.BodyType is null => null,
            _ => throw new InvalidOperationException($"{operation.Id} takes a body and the test has no valid one for it: add it here."),
        };
        return operation.Id == "ImportZoneFile" ? "www 300 IN TXT \"hello\"\n" : body is null ? null : JsonSerializer.Serialize(body);
    }
}
