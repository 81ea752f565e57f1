// Flags every checking command shares (report-contract.md).
import {Flags} from '@oclif/core'
import {FORMATS} from '../report/outputs.js'

const severity = ['error', 'warning', 'info'] as const

export const reportFlags = {
  output: Flags.string({
    char: 'o',
    multiple: true,
    summary: `Output format: ${FORMATS.join('|')}; format=path writes to a file (repeatable).`,
    helpValue: 'FORMAT[=PATH]',
  }),
  'fail-on': Flags.option({options: severity, default: 'error' as const, summary: 'Lowest severity that makes the run fail (exit 1).'})(),
  'min-severity': Flags.option({options: severity, default: 'info' as const, summary: 'Lowest severity that is shown.'})(),
  only: Flags.string({multiple: true, summary: 'Run only these checks (ids, names or ranges such as CM2xx; comma-separated).'}),
  skip: Flags.string({multiple: true, summary: 'Skip these checks (ids, names or ranges; comma-separated).'}),
  'exit-zero': Flags.boolean({summary: 'Exit 0 whatever the findings (usage errors still exit 2).'}),
  verbose: Flags.boolean({
    char: 'v',
    summary: 'Text: the full checklist of every cluster (passed and skipped checks, with why) and every place of a repeated finding.',
  }),
  'no-color': Flags.boolean({summary: 'No colour (also NO_COLOR, TERM=dumb, or output not a terminal).'}),
  timeout: Flags.string({summary: 'Give up on the whole run after this long (e.g. 90s, 2m); exit 124.', helpValue: 'DURATION'}),
}

export const kubeFlags = {
  kubeconfig: Flags.string({summary: 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).'}),
  context: Flags.string({multiple: true, summary: 'Kube context to use (repeatable, comma-separated).'}),
  'all-contexts': Flags.boolean({summary: 'Use every context of the kubeconfig.', exclusive: ['context']}),
  'request-timeout': Flags.string({default: '10s', summary: 'Timeout of one request to a cluster.', helpValue: 'DURATION'}),
}
