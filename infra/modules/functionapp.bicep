// The Linux Elastic Premium plan and the function app running the custom handler as the
// user-assigned identity: Key Vault references resolve with it, and the code runs from a package in
// blob storage that the platform reads with it too (no Azure Files share, which needs shared keys).
param name string
param location string
param identityId string

@description('App settings as { name, value } (secrets are Key Vault references, never values).')
param appSettings array

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'elastic'
  sku: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: 20
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-func'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: ''
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: appSettings
    }
  }
}

output name string = site.name
output hostName string = site.properties.defaultHostName
