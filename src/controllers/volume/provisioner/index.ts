/** k8ts's local hostPath provisioner (not an upstream kube-controller-manager controller). */
export {
  localPathProvisionerController,
  newLocalPathProvisionerController,
  type LocalPathOptions,
} from './controller.js';
export { DEFAULT_BASE_PATH, LOCAL_PATH_PROVISIONER, standardStorageClass } from './local-path.js';
