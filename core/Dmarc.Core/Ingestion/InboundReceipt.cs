namespace Dmarc.Core.Ingestion;

/// <summary>What was seen of one inbound document: its blob name, size and detected format.</summary>
public sealed record InboundReceipt(string Name, long Size, ReportFormat Format, DateTimeOffset ReceivedAt);
