namespace Dmarc.Adapters.Storage;

/// <summary>
/// The message the Functions host's blob trigger puts on <c>webjobs-blobtrigger-poison</c> when a
/// blob failed every attempt (the WebJobs storage extension's BlobTriggerMessage):
/// <c>{"Type":"BlobTrigger","FunctionId":"Host.Functions.IngestReport","BlobType":"BlockBlob","ContainerName":"inbound","BlobName":"...","ETag":"..."}</c>.
/// </summary>
public sealed record BlobTriggerPoisonMessage(string Type, string FunctionId, string BlobType, string ContainerName, string BlobName, string ETag);
