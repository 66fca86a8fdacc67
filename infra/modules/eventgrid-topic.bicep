// The Event Grid system topic of the storage account. Its subscription, which calls the host's
// blob webhook for BlobCreated in `inbound`, needs the host's blobs_extension key, which exists only
// once the code runs, so scripts/deploy.sh creates it after the package is deployed.
param name string
param location string
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: name
  location: location
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
