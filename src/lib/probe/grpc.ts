// The one door to gRPC; etcd.ts lazy-imports this file so commands that never read etcd keys do not load it.
export {credentials, loadPackageDefinition, type Client, type ServiceError, status} from '@grpc/grpc-js'
export {fromJSON} from '@grpc/proto-loader'
