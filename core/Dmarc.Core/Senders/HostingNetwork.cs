namespace Dmarc.Core.Senders;

/// <summary>A cloud or hosting network from hosting-networks.json: anyone can rent a server there.</summary>
/// <param name="Id">Stable id ("hetzner").</param>
/// <param name="Name">What users read ("Hetzner Online").</param>
/// <param name="Asns">The network's autonomous systems; each belongs to one network only.</param>
/// <param name="Sources">Where the facts come from.</param>
public sealed record HostingNetwork(string Id, string Name, IReadOnlyList<uint> Asns, IReadOnlyList<Uri> Sources);
