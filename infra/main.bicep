// The DMARC monitoring function app (README "Deploying"): a user-assigned identity; storage with
// every container, table and queue, reached with that identity only (shared keys off, data roles
// only); Log Analytics and Application Insights; a Key Vault holding every secret; and the Linux
// Elastic Premium function app running the custom handler with every setting the app validates at
// start, plus the storage account's Event Grid system topic. The topic's subscription for the
// `inbound` blob trigger needs the host's blobs_extension key, which exists once the code runs, so
// scripts/deploy.sh creates it after the package is deployed.
targetScope = 'resourceGroup'

@description('Short name used to derive resource names.')
@minLength(3)
@maxLength(11)
param appName string = 'dmarc'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Administrator key of the HTTP API (creates and reads accounts, runs operator endpoints): a random secret of at least 24 characters.')
@secure()
@minLength(24)
param adminKey string

@description('Key that signs sign-up and access-request links: a random secret of at least 32 characters.')
@secure()
@minLength(32)
param signupSigningKey string

@description('The aggregate report address added to rua, e.g. mailto:reports@rua.dmarc-monitor.example.')
param reportingAddress string

@description('The service\'s reporting zone, where the RFC 7489 section 7.1 authorisation records go.')
param reportingDomain string

@description('Where customers read their reports; linked from every e-mail.')
param reportingUiUrl string

@description('The page that confirms sign-ups (the link in the sign-up e-mail).')
param signupConfirmUrl string

@description('The service\'s name servers, one to four (domains delegating _dmarc to them are Active).')
@minLength(1)
@maxLength(4)
param nameServers array

@description('Sender address of every e-mail.')
param emailFrom string

@description('SMTP relay for outbound mail.')
param smtpHost string

param smtpPort int = 587

@allowed([ 'StartTls', 'SslOnConnect', 'Auto' ])
param smtpSecurity string = 'StartTls'

param smtpUsername string

@secure()
param smtpPassword string

@description('IMAP server of the report mailbox; empty turns the puller off.')
param imapHost string = ''

param imapUserName string = ''

@secure()
param imapPassword string = ''

@description('Shared secret of the inbound-mail webhook (at least 32 characters); empty turns the webhook off.')
@secure()
param inboundMailSecret string = ''

@description('Where customer zones live: Hosted (Table Storage) or PowerDns.')
@allowed([ 'Hosted', 'PowerDns' ])
param dnsProvider string = 'Hosted'

@description('Where the reporting zone lives: Hosted or PowerDns (PowerDns serves delegated _dmarc names).')
@allowed([ 'Hosted', 'PowerDns' ])
param reportingDnsProvider string = 'PowerDns'

@description('PowerDNS HTTP API, e.g. https://pdns-api.example.net/ (needed when either provider is PowerDns).')
param powerDnsApiUrl string = ''

@secure()
param powerDnsApiKey string = ''

var suffix = uniqueString(resourceGroup().id, appName)
var baseName = '${appName}-${suffix}'
var vaultName = take('${appName}-kv-${suffix}', 24)
var packageContainer = 'deployments' // in `containers` below
var packageName = 'dmarc-functions.zip'
var usesPowerDns = dnsProvider == 'PowerDns' || reportingDnsProvider == 'PowerDns'

// Every container, table and queue of the app (core/Dmarc.Adapters/Storage/StorageNames.cs; a test
// keeps these lists equal), plus the container the deployment package is uploaded to.
var containers = [ 'inbound', 'outbox', 'archive', 'quarantine', 'reports', 'executive-reports', 'deployments' ]
var tables = [ 'accounts', 'apikeys', 'accountusers', 'accessrequests', 'domainchallenges', 'requestcounters', 'inboundreceipts', 'rollupruns', 'rollupmarks', 'rollupdays', 'rollupleases', 'hostedzones', 'hostedrecords', 'tasks', 'taskresults', 'accountlocks', 'audit', 'activity', 'monitoreddomains', 'domainmodes', 'notifications', 'alertsubscriptions', 'alertmarkers', 'alertevents', 'recordstates', 'alertstates', 'accountsecurity', 'pulledmessages', 'reports', 'contributions', 'quarantine', 'ipfacts', 'senderclasses', 'senderdecisions', 'queuefailures', 'timerruns', 'reprocesstasks', 'enforcementplans' ]
var queues = [ 'zone-tasks', 'sender-lookups', 'reprocess', 'webjobs-blobtrigger-poison' ]

var secrets = union(
  {
    'api-admin-key': adminKey
    'signup-signing-key': signupSigningKey
    'smtp-password': smtpPassword
  },
  empty(imapHost) ? {} : { 'imap-password': imapPassword },
  empty(inboundMailSecret) ? {} : { 'inbound-mail-secret': inboundMailSecret },
  usesPowerDns ? { 'powerdns-api-key': powerDnsApiKey } : {})

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${baseName}-id'
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take(toLower('${appName}${suffix}'), 24)
    location: location
    containers: containers
    tables: tables
    queues: queues
  }
}

module storageRoles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: baseName
    location: location
    principalId: identity.outputs.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: vaultName
    location: location
    principalId: identity.outputs.principalId
    secrets: secrets
  }
}

// Every setting by name, so the compiled template lists them (a test compares them with the options
// the app validates at start). Optional features get an empty value when off.
var kvPrefix = '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName='
var appSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '${storage.outputs.blobEndpoint}${packageContainer}/${packageName}' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', value: identity.outputs.id }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.outputs.clientId};Authorization=AAD' }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.outputs.queueEndpoint }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.outputs.tableEndpoint }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.outputs.clientId }
  { name: 'Storage__blobServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'Storage__queueServiceUri', value: storage.outputs.queueEndpoint }
  { name: 'Storage__tableServiceUri', value: storage.outputs.tableEndpoint }
  { name: 'Storage__credential', value: 'managedidentity' }
  { name: 'Storage__clientId', value: identity.outputs.clientId }
  { name: 'Api__AdminKey', value: '${kvPrefix}api-admin-key)' }
  { name: 'Monitoring__ReportingAddress', value: reportingAddress }
  { name: 'Monitoring__ReportingDomain', value: reportingDomain }
  { name: 'Monitoring__ReportingUiUrl', value: reportingUiUrl }
  { name: 'Onboarding__SigningKey', value: '${kvPrefix}signup-signing-key)' }
  { name: 'Onboarding__ConfirmUrl', value: signupConfirmUrl }
  { name: 'Email__From', value: emailFrom }
  { name: 'Email__SmtpHost', value: smtpHost }
  { name: 'Email__SmtpPort', value: string(smtpPort) }
  { name: 'Email__Security', value: smtpSecurity }
  { name: 'Email__Username', value: smtpUsername }
  { name: 'Email__Password', value: '${kvPrefix}smtp-password)' }
  { name: 'DomainStatus__NameServers__0', value: nameServers[0] }
  { name: 'DomainStatus__NameServers__1', value: length(nameServers) > 1 ? nameServers[1] : '' }
  { name: 'DomainStatus__NameServers__2', value: length(nameServers) > 2 ? nameServers[2] : '' }
  { name: 'DomainStatus__NameServers__3', value: length(nameServers) > 3 ? nameServers[3] : '' }
  { name: 'Dns__Provider', value: dnsProvider }
  { name: 'Dns__ReportingProvider', value: reportingDnsProvider }
  { name: 'PowerDns__ApiUrl', value: powerDnsApiUrl }
  { name: 'PowerDns__ApiKey', value: usesPowerDns ? '${kvPrefix}powerdns-api-key)' : '' }
  { name: 'ImapMailbox__Host', value: imapHost }
  { name: 'ImapMailbox__UserName', value: imapUserName }
  { name: 'ImapMailbox__Password', value: empty(imapHost) ? '' : '${kvPrefix}imap-password)' }
  { name: 'InboundMail__Secret', value: empty(inboundMailSecret) ? '' : '${kvPrefix}inbound-mail-secret)' }
]

module topic 'modules/eventgrid-topic.bicep' = {
  name: 'eventgrid-topic'
  params: {
    name: '${baseName}-storage-events'
    location: location
    storageAccountId: storage.outputs.id
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: baseName
    location: location
    identityId: identity.outputs.id
    appSettings: appSettings
  }
  dependsOn: [
    storageRoles
  ]
}

output functionAppName string = app.outputs.name
output functionAppHostName string = app.outputs.hostName
output storageAccountName string = storage.outputs.name
output packageContainer string = packageContainer
output packageName string = packageName
output keyVaultName string = vault.outputs.name
output eventGridTopicName string = topic.outputs.name
output inboundContainer string = 'inbound'
