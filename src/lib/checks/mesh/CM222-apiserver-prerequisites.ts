// CM222: the chart refuses clustermesh.useAPIServer with identity allocation outside the CRD modes or with
// disableEndpointCRD (templates/validate.yaml). From 1.18 the chart accepts identityAllocationMode kvstore with
// useAPIServer while KVStoreMesh is on (and KVStoreMesh with an external kvstore).
import {at, provenance} from '../../mesh/fact.js'
import {compareMinor} from '../../mesh/chart-defaults.js'
import {type MeshCheck, skipIfUnknown, withCilium} from './support.js'

const CRD_MODES = new Set(['crd', 'doublewrite-readkvstore', 'doublewrite-readcrd'])

export const CM222: MeshCheck = {
  id: 'CM222',
  run(model, ctx) {
    for (const m of withCilium(model)) {
      const use = m.clustermesh.useAPIServer
      const {identityAllocationMode: mode, disableEndpointCRD: noCep} = m.datapath
      if (skipIfUnknown(ctx, m, use)) continue
      if (!use.known || !use.value) {
        ctx.pass({cluster: m.name})
        continue
      }
      if (skipIfUnknown(ctx, m, mode, noCep)) continue
      if (!mode.known || !noCep.known) continue
      const from118 = m.cilium !== undefined && compareMinor(m.cilium.defaults.chart, '1.18') >= 0
      const kvm = m.clustermesh.kvstoremesh
      if (from118 && mode.value === 'kvstore' && !kvm.known) {
        ctx.skip({cluster: m.name}, `clustermesh.apiserver.kvstoremesh.enabled: ${kvm.reason}`)
        continue
      }
      const external =
        from118 &&
        ((m.clustermesh.kvstoreMode.known && m.clustermesh.kvstoreMode.value === 'external') ||
          (mode.value === 'kvstore' && kvm.known && kvm.value))
      let fired = false
      if (!CRD_MODES.has(mode.value) && !external) {
        fired = true
        ctx.report({
          cluster: m.name,
          message: `clustermesh.useAPIServer is true but identityAllocationMode is ${mode.value}${provenance(mode)}: the chart refuses this (use crd${from118 ? ', or kvstore with KVStoreMesh on' : ''})`,
          ...at(mode),
        })
      }
      if (noCep.value) {
        fired = true
        ctx.report({cluster: m.name, message: `clustermesh.useAPIServer is true but disableEndpointCRD is true${provenance(noCep)}: the chart refuses this`, ...at(noCep)})
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
