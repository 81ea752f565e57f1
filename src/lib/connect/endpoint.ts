// An etcd endpoint URL as the agent dials it: one parser for every command (src/lib/live/endpoint.ts).
export {hostPort, type ParsedEndpoint, parseEndpoint} from '../live/endpoint.js'
