using System.Reflection;
using Dmarc.Adapters.Storage;

namespace Dmarc.Functions.Tests.Deployment;

/// <summary>
/// The compiled infra/main.bicep against the app: every app setting names an option the app binds,
/// every section the app binds is set by the template or runs on its defaults (DeploymentPackageTests
/// starts the packaged app with exactly these settings), storage holds what the app uses, roles are
/// data-plane only, and secrets are Key Vault references.
/// </summary>
public sealed class InfraTemplateTests
{
    /// <summary>Settings the Functions platform and host read, not the app's options.</summary>
    private static readonly string[] PlatformPrefixes = ["FUNCTIONS_", "WEBSITE_", "APPLICATIONINSIGHTS_", "AzureWebJobsStorage__"];

    /// <summary>Sections the template leaves to their defaults (each documented in the README's configuration table).</summary>
    private static readonly string[] DefaultsOnly = ["DnsLookup", "Enforcement", "IpData", "Reports", "Reprocess", "SenderLookup"];

    /// <summary>Only the local trigger runner reads it; under the Functions host it is off by itself.</summary>
    private static readonly string[] LocalOnly = ["LocalRunner"];

    private static Dictionary<string, Type> BoundSections() =>
        new[] { typeof(Core.DependencyInjection).Assembly, typeof(Adapters.DependencyInjection).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.Ordinal);

    [Fact]
    public async Task Every_app_setting_names_a_bound_option_and_every_bound_section_is_set_or_left_to_its_defaults()
    {
        var template = await BicepTemplate.LoadAsync();
        var sections = BoundSections();
        var appSettings = template.AppSettings().Select(s => s.Name).Where(n => !PlatformPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToArray();

        foreach (var setting in appSettings)
        {
            var parts = setting.Split("__");
            Assert.True(sections.TryGetValue(parts[0], out var type), $"{setting}: the app binds no section '{parts[0]}'");
            var property = type!.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            Assert.True(property is not null, $"{setting}: {type.Name} has no property '{parts[1]}'");
            Assert.True(parts.Length == 2 || (parts.Length == 3 && int.TryParse(parts[2], out _) && property!.PropertyType != typeof(string)), $"{setting}: only list entries may have a third part");
        }

        var set = appSettings.Select(s => s.Split("__")[0]).Distinct(StringComparer.Ordinal);
        Assert.Equal(sections.Keys.Order(StringComparer.Ordinal), set.Concat(DefaultsOnly).Concat(LocalOnly).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(template.AppSettings(), s => s.Name.StartsWith("LocalRunner__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_storage_account_holds_every_container_table_and_queue_the_app_uses()
    {
        var template = await BicepTemplate.LoadAsync();

        Assert.Equal("deployments", template.Main.GetProperty("variables").GetProperty("packageContainer").GetString());
        Assert.Equal(StorageNames.BaseContainers.Append("deployments").Order(StringComparer.Ordinal), template.Variable("containers").Order(StringComparer.Ordinal));
        Assert.Equal(StorageNames.BaseTables.Order(StringComparer.Ordinal), template.Variable("tables").Order(StringComparer.Ordinal));
        Assert.Equal(StorageNames.BaseQueues.Order(StringComparer.Ordinal), template.Variable("queues").Order(StringComparer.Ordinal));
        var storage = template.Module("storage").GetProperty("properties").GetProperty("template");
        var account = BicepTemplate.Resources(storage).Single(r => r.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts");
        Assert.False(account.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
    }

    [Fact]
    public async Task The_identity_gets_blob_queue_and_table_data_roles_only_each_named_by_scope_principal_and_role()
    {
        var template = await BicepTemplate.LoadAsync();
        var roles = template.Module("storage-roles").GetProperty("properties").GetProperty("template");

        Assert.Equal(
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"], // Table Data Contributor, Queue Data Contributor, Blob Data Owner
            roles.GetProperty("variables").GetProperty("roleIds").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        var assignment = BicepTemplate.Resources(roles).Single();
        Assert.Equal("[guid(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), parameters('principalId'), variables('roleIds')[copyIndex()])]", assignment.GetProperty("name").GetString());
        var json = template.Main.GetRawText();
        Assert.DoesNotContain("17d1049b-9a84-46fb-8f53-869881c3d3ab", json, StringComparison.Ordinal); // Storage Account Contributor
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", json, StringComparison.Ordinal); // Contributor
    }

    [Fact]
    public async Task Every_secret_setting_is_a_key_vault_reference_and_storage_uses_the_identity()
    {
        var template = await BicepTemplate.LoadAsync();
        var settings = template.AppSettings().ToDictionary(s => s.Name, s => s.Value);

        foreach (var secret in new[] { "Api__AdminKey", "Onboarding__SigningKey", "Email__Password", "PowerDns__ApiKey", "ImapMailbox__Password", "InboundMail__Secret" })
        {
            // The vault's name comes from the keyvault module; the secret name follows.
            Assert.Contains("'@Microsoft.KeyVault(VaultName={0};SecretName=', reference(resourceId('Microsoft.Resources/deployments', 'keyvault')", settings[secret], StringComparison.Ordinal);
        }

        foreach (var connection in new[] { "AzureWebJobsStorage", "Storage" })
        {
            Assert.Equal("managedidentity", settings[connection + "__credential"]);
            Assert.Contains("outputs.clientId.value", settings[connection + "__clientId"], StringComparison.Ordinal);
            Assert.Contains("outputs.blobEndpoint.value", settings[connection + "__blobServiceUri"], StringComparison.Ordinal);
        }

        Assert.Equal("custom", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("WEBSITE_CONTENT", StringComparison.Ordinal)); // no Azure Files share: it needs shared keys
    }
}
