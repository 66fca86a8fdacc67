namespace Dmarc.Adapters.Storage;

/// <summary>
/// How to reach Azure Storage: a connection string (Azurite locally), or the three service URIs
/// with an Entra ID credential in Azure, in the form of the Functions host's identity-based
/// connections (<c>Storage__blobServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary><c>managedidentity</c>: the app's managed identity only (as the host reads it); empty: <c>DefaultAzureCredential</c>.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    public const string ManagedIdentity = "managedidentity";

    /// <summary>Retries per storage call before it fails (the SDK default is 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Prepended to every table, container and queue name. Empty in Azure (the Functions host
    /// knows only the names in function.json); tests set it to keep their resources apart.
    /// </summary>
    public string ResourcePrefix { get; set; } = "";

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}
