// The user-assigned identity the function app runs as: storage, Key Vault references and
// Application Insights are all reached with it, so nothing holds a key.
param name string
param location string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
