// Cross-checks docker-compose.yml, the rendered Kubernetes overlays and the services' code:
//   1. each service gets the same set of environment variable NAMES from Compose and from
//      every overlay (its Deployment's env plus the ConfigMaps of its envFrom);
//   2. every such variable configures something the service reads: a key of its
//      application.properties, a property of a @ConfigMapping interface (or a
//      @ConfigProperty) of kit/ or of the service, or an entry of env-contract.yaml; and
//      every property the service requires (no default, not Optional) is set by
//      application.properties or by that environment;
//   3. the KafkaTopic resources are exactly the topics of events/.../Topics.java plus their
//      .dlq companions, with the partitions and replicas the services would create them with
//      (TROCO_KAFKA_TOPIC_PARTITIONS / _REPLICATION_FACTOR of the same overlay);
//   4. each service's HTTP port is the same in application.properties, its Dockerfile
//      (EXPOSE), the Compose health check, the Deployment and the Service; and its JDBC URL
//      names the same database in Compose and Kubernetes, a CloudNativePG Database there.
//
//   node env-check.mjs REPO_ROOT COMPOSE_CONFIG.yml NAME=RENDERED.yml...
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const [root, composeFile, ...overlayArgs] = process.argv.slice(2);
if (!root || !composeFile || overlayArgs.length === 0) {
  console.error('usage: node env-check.mjs REPO_ROOT COMPOSE_CONFIG.yml NAME=RENDERED.yml...');
  process.exit(2);
}
const SERVICES = ['api-gateway', 'charge-service', 'payout-service', 'compliance-service', 'notification-service'];
const here = new URL('.', import.meta.url).pathname;
const contract = parse(readFileSync(join(here, 'env-contract.yaml'), 'utf8'));
const problems = [];
const notes = [];

const envName = (property) => property.replace(/^%[^.]+\./, '').replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
const kebab = (method) => method.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

// ------------------------------------------------------- what each service's code reads

function javaFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? javaFiles(path) : name.endsWith('.java') ? [path] : [];
  });
}

/** The text between the brace at `open` and its partner. */
function block(code, open) {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return code.slice(open + 1, i);
  }
  return code.slice(open + 1);
}

/** A body with its nested blocks removed, and the bodies of the interfaces nested in it. */
function members(body) {
  const nested = new Map();
  let flat = '';
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    if (open < 0) {
      flat += body.slice(i);
      break;
    }
    const head = body.slice(i, open);
    const inner = block(body, open);
    const name = head.match(/interface\s+(\w+)[^;]*$/);
    if (name) {
      nested.set(name[1], inner);
      flat += head.slice(0, name.index);
    } else {
      flat += head;
    }
    i = open + inner.length + 2;
  }
  return { flat, nested };
}

/**
 * Properties of the @ConfigMapping interfaces under dir: [{ name, required }]. Members whose
 * type is an interface nested in the same file are groups (prefix.member.*); a Map member
 * accepts any key under its name.
 */
function configMappings(dir) {
  const properties = [];
  for (const file of javaFiles(dir)) {
    // Comments out, string literals kept whole (a URL's "//" in a default is not a comment).
    const source = readFileSync(file, 'utf8')
      .replace(/("(?:\\.|[^"\\\n])*")|\/\*[\s\S]*?\*\/|\/\/.*$/gm, (match, string) => string ?? '');
    const prefix = source.match(/@ConfigMapping\s*\(\s*prefix\s*=\s*"([^"]+)"/);
    if (!prefix) continue;
    const top = members(block(source, source.indexOf('{', prefix.index)));
    const groups = new Map([...top.nested].map(([name, body]) => [name, members(body)]));
    const walk = (group, path, optionalParent) => {
      // annotation arguments may hold string literals with parentheses: @WithDefault("a (b)")
      const member = /((?:@\w+(?:\((?:"(?:\\.|[^"\\])*"|[^)"])*\))?\s*)*)([\w.<>?,\s]+?)\s+(\w+)\s*\(\s*\)\s*;/g;
      for (const m of group.flat.matchAll(member)) {
        const [, annotations, rawType, method] = m;
        const withName = annotations.match(/@WithName\("([^"]+)"\)/);
        const name = `${path}.${withName ? withName[1] : kebab(method)}`;
        const type = rawType.trim();
        const optional = optionalParent || /^(java\.util\.)?Optional/.test(type) || /@WithDefault/.test(annotations);
        const groupName = type.replace(/^(java\.util\.)?Optional<(.*)>$/, '$2');
        if (groups.has(groupName)) {
          walk(groups.get(groupName), name, optional && /Optional/.test(type));
        } else if (/^(java\.util\.)?Map</.test(type)) {
          properties.push({ name, required: false, map: true, file });
        } else {
          properties.push({ name, required: !optional, file });
        }
      }
    };
    walk(top, prefix[1], false);
  }
  // Single properties injected with @ConfigProperty(name = "...") count as read (not as required).
  for (const file of javaFiles(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/@ConfigProperty\s*\(\s*name\s*=\s*"([^"]+)"/g)) {
      properties.push({ name: m[1], required: false, file });
    }
  }
  return properties;
}

function applicationProperties(service) {
  const file = join(root, service, 'src/main/resources/application.properties');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line.includes('='))
    .map((line) => line.slice(0, line.indexOf('=')).trim())
    .filter((key) => !key.startsWith('%') || key.startsWith('%prod.'));
}

const dbName = (url) => (url ?? '').replace(/\?.*$/, '').split('/').pop();

function httpPort(service) {
  const file = join(root, service, 'src/main/resources/application.properties');
  const m = readFileSync(file, 'utf8').match(/^quarkus\.http\.port\s*=\s*(\d+)/m);
  return m ? Number(m[1]) : 8080;
}

// ------------------------------------------------------------------- what the files set

const compose = parse(readFileSync(composeFile, 'utf8'));
const composeEnv = {};
for (const service of SERVICES) {
  const definition = compose.services?.[service];
  if (!definition) {
    problems.push(`docker-compose.yml: no service ${service}`);
    continue;
  }
  const env = definition.environment ?? {};
  const port = httpPort(service);
  const health = JSON.stringify(definition.healthcheck?.test ?? '');
  // The gateway answers health on its operator port when it has one (TROCO_GATEWAY_OPERATOR_PORT).
  const operatorPort = Array.isArray(env) ? undefined : env.TROCO_GATEWAY_OPERATOR_PORT;
  const healthPort = operatorPort ? Number(operatorPort) : port;
  if (!health.includes(`/dev/tcp/127.0.0.1/${healthPort}`) || !health.includes('/q/health/ready')) {
    problems.push(`docker-compose.yml: the health check of ${service} does not ask /q/health/ready on port ${healthPort}`);
  }
  const dockerfile = join(root, service, 'src/main/docker/Dockerfile.jvm');
  if (!existsSync(dockerfile)) {
    problems.push(`${service}: no src/main/docker/Dockerfile.jvm`);
  } else if (!new RegExp(`^EXPOSE ${port}$`, 'm').test(readFileSync(dockerfile, 'utf8'))) {
    problems.push(`${service}: Dockerfile.jvm does not EXPOSE ${port}`);
  }
  if (definition.build?.dockerfile !== `${service}/src/main/docker/Dockerfile.jvm`) {
    problems.push(`docker-compose.yml: ${service} is not built from ${service}/src/main/docker/Dockerfile.jvm`);
  }
  composeEnv[service] = Array.isArray(env)
    ? Object.fromEntries(env.map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]))
    : env;
}

const topicsSource = readFileSync(join(root, 'events/src/main/java/dev/troco/events/Topics.java'), 'utf8');
const baseTopics = [...topicsSource.matchAll(/"(troco\.[a-z]+\.(?:commands|events))"/g)].map((m) => m[1]);
const expectedTopics = new Set(baseTopics.flatMap((t) => [t, `${t}.dlq`]));
if (baseTopics.length === 0) problems.push('no topic constants found in Topics.java');

for (const arg of overlayArgs) {
  const [overlay, file] = arg.split('=');
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o.data ?? {}]));
  const kubeEnv = {};
  for (const service of SERVICES) {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service);
    if (!deployment) {
      problems.push(`${overlay}: no Deployment ${service}`);
      continue;
    }
    const container = deployment.spec.template.spec.containers.find((c) => c.name === service)
      ?? deployment.spec.template.spec.containers[0];
    const env = {};
    for (const source of container.envFrom ?? []) {
      const name = source.configMapRef?.name;
      if (!name || !configMaps.has(name)) {
        problems.push(`${overlay}: ${service} envFrom refers to a ConfigMap not in the overlay: ${JSON.stringify(source)}`);
        continue;
      }
      Object.assign(env, configMaps.get(name));
    }
    for (const e of container.env ?? []) env[e.name] = e.value ?? '(from a Secret)';
    kubeEnv[service] = env;

    // 1. Same names as Compose.
    const inCompose = new Set(Object.keys(composeEnv[service] ?? {}));
    const inKube = new Set(Object.keys(env));
    const onlyCompose = [...inCompose].filter((n) => !inKube.has(n)).sort();
    const onlyKube = [...inKube].filter((n) => !inCompose.has(n)).sort();
    if (onlyCompose.length) problems.push(`${overlay}: ${service}: set in docker-compose.yml only: ${onlyCompose.join(', ')}`);
    if (onlyKube.length) problems.push(`${overlay}: ${service}: set in Kubernetes only: ${onlyKube.join(', ')}`);
  }

  // 4. Ports and databases.
  const databases = objects.filter((o) => o.kind === 'Database');
  for (const service of Object.keys(kubeEnv)) {
    const port = httpPort(service);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service);
    const containerPort = deployment.spec.template.spec.containers[0].ports?.find((p) => p.name === 'http')?.containerPort;
    const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === service);
    const servicePort = svc?.spec.ports.find((p) => p.name === 'http')?.port;
    if (containerPort !== port || servicePort !== port) {
      problems.push(`${overlay}: ${service} listens on ${port} (application.properties) but its Deployment says ${containerPort} and its Service ${servicePort}`);
    }
    const kubeDb = dbName(kubeEnv[service].QUARKUS_DATASOURCE_JDBC_URL);
    const composeDb = dbName(composeEnv[service]?.QUARKUS_DATASOURCE_JDBC_URL);
    if (kubeDb !== composeDb) problems.push(`${overlay}: ${service} uses database ${kubeDb} on Kubernetes but ${composeDb} in Compose`);
    if (!databases.some((d) => d.spec.name === kubeDb)) problems.push(`${overlay}: ${service} uses database ${kubeDb}, which no Database resource creates`);
  }

  // 3. Topics.
  const topics = objects.filter((o) => o.kind === 'KafkaTopic');
  const declared = new Set(topics.map((t) => t.spec.topicName ?? t.metadata.name));
  for (const t of expectedTopics) if (!declared.has(t)) problems.push(`${overlay}: no KafkaTopic for ${t}`);
  for (const t of declared) if (!expectedTopics.has(t)) problems.push(`${overlay}: KafkaTopic ${t} is not a topic of Topics.java (or its .dlq)`);
  for (const service of Object.keys(kubeEnv)) {
    const partitions = Number(kubeEnv[service].TROCO_KAFKA_TOPIC_PARTITIONS);
    const replicas = Number(kubeEnv[service].TROCO_KAFKA_TOPIC_REPLICATION_FACTOR);
    for (const t of topics) {
      if (t.spec.partitions !== partitions || t.spec.replicas !== replicas) {
        problems.push(`${overlay}: KafkaTopic ${t.metadata.name} has ${t.spec.partitions} partitions x ${t.spec.replicas} replicas, `
          + `but ${service} would create it with ${partitions} x ${replicas} (TROCO_KAFKA_TOPIC_*)`);
        break;
      }
    }
  }
  console.log(`${overlay}: ${Object.keys(kubeEnv).length} services (env, ports, databases), ${topics.length} KafkaTopics checked`);
}

// 2. Names against the code.
const kitMappings = configMappings(join(root, 'kit/src/main/java'));
for (const service of SERVICES) {
  const mappings = [...kitMappings, ...configMappings(join(root, service, 'src/main/java'))];
  const known = new Map();
  for (const key of applicationProperties(service)) known.set(envName(key), `application.properties ${key}`);
  for (const p of mappings) known.set(envName(p.name), `@ConfigMapping ${p.name}`);
  const planned = contract.planned?.[service] ?? {};
  const set = composeEnv[service] ?? {};
  const mapPrefixes = mappings.filter((m) => m.map).map((m) => `${envName(m.name)}_`);
  for (const name of Object.keys(set).sort()) {
    const mapEntry = mapPrefixes.find((prefix) => name.startsWith(prefix));
    if (mapEntry && !known.has(name)) known.set(name, `@ConfigMapping map ${mapEntry}*`);
    if (known.has(name)) {
      if (planned[name]) notes.push(`${service}: ${name} is now read (${known.get(name)}): remove it from env-contract.yaml "planned"`);
    } else if (contract.quarkus?.[name]) {
      // a standard Quarkus runtime setting
    } else if (planned[name]) {
      notes.push(`${service}: ${name} planned, not read yet: ${planned[name]}`);
    } else {
      problems.push(`${service}: ${name} is set but ${service} does not read it (not in its application.properties, `
        + 'its or kit\'s @ConfigMapping, nor env-contract.yaml)');
    }
  }
  const properties = new Set(applicationProperties(service).map(envName));
  for (const p of mappings.filter((m) => m.required)) {
    const name = envName(p.name);
    if (!properties.has(name) && !(name in set)) {
      problems.push(`${service}: requires ${p.name} (no default) but neither application.properties nor the environment sets ${name}`);
    }
  }
}

for (const n of notes) console.log(`note: ${n}`);
if (problems.length) {
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`environment check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`environment check: ${SERVICES.length} services agree between docker-compose.yml and ${overlayArgs.length} overlay(s), and with their code`);
