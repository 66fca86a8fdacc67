// The DMARC monitoring function app: storage reached by managed identity (no shared keys),
// a Linux Elastic Premium plan, the custom-handler function app, and a Key Vault for its secrets.
targetScope = 'resourceGroup'

@description('Short name used to derive resource names.')
@minLength(3)
@maxLength(11)
param appName string = 'dmarc'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Administrator key of the HTTP API (creates and reads accounts, runs operator endpoints); stored in Key Vault.')
@secure()
@minLength(24)
param adminKey string

var suffix = uniqueString(resourceGroup().id, appName)
var vaultName = take('${appName}-kv-${suffix}', 24)

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take(toLower('${appName}${suffix}'), 24)
    location: location
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan-${suffix}'
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
  name: '${appName}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: ''
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.outputs.blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.outputs.queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.outputs.tableEndpoint }
        { name: 'Storage__BlobServiceUri', value: storage.outputs.blobEndpoint }
        { name: 'Storage__QueueServiceUri', value: storage.outputs.queueEndpoint }
        { name: 'Storage__TableServiceUri', value: storage.outputs.tableEndpoint }
        // Resolved by the platform from Key Vault with the app's managed identity; never stored in the app settings.
        { name: 'Api__AdminKey', value: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=api-admin-key)' }
      ]
    }
  }
}

module roles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: storage.outputs.name
    principalId: site.identity.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: vaultName
    location: location
    principalId: site.identity.principalId
    adminKey: adminKey
  }
}

output functionAppName string = site.name
output functionAppHostName string = site.properties.defaultHostName
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
